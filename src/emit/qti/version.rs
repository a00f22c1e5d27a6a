//! What differs between QTI 2.1 and QTI 3.0, as data.
//!
//! Both versions share one item, test and manifest builder; this table holds
//! the namespaces, schema locations, template URIs, resource types and the
//! naming rule (`choiceInteraction` → `qti-choice-interaction`).

use super::xml::El;
use std::borrow::Cow;

/// One QTI version.
#[derive(Debug)]
pub struct Version {
    /// The `--format` name and the `dist/<name>/` folder.
    pub format: &'static str,
    /// Namespace of items and tests.
    pub ns: &'static str,
    /// `xsi:schemaLocation` of items and tests.
    pub schema_location: &'static str,
    /// QTI 3.0 names: `qti-` prefix and kebab case, attributes kebab case.
    pub kebab: bool,
    /// Modal feedback and rubric content sit in `qti-content-body`.
    pub content_body: bool,
    /// Response-processing template URI: prefix and suffix around the name.
    pub template_prefix: &'static str,
    pub template_suffix: &'static str,
    /// Content-package manifest.
    pub manifest_ns: &'static str,
    pub manifest_schema_location: &'static str,
    pub manifest_schema: &'static str,
    pub manifest_schema_version: &'static str,
    pub item_resource: &'static str,
    pub test_resource: &'static str,
    /// QTI 2.1 writes IMS MD + `imsqti:qtiMetadata` per item resource.
    pub item_metadata: bool,
    /// Rubric blocks carry `use` (QTI 3.0 requires it; 2.1 has no such attribute).
    pub rubric_use: bool,
}

pub static QTI21: Version = Version {
    format: "qti21",
    ns: "http://www.imsglobal.org/xsd/imsqti_v2p1",
    schema_location: "http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
    kebab: false,
    content_body: false,
    template_prefix: "http://www.imsglobal.org/question/qti_v2p1/rptemplates/",
    template_suffix: "",
    manifest_ns: "http://www.imsglobal.org/xsd/imscp_v1p1",
    manifest_schema_location: "http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd http://www.imsglobal.org/xsd/imsmd_v1p2 http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd http://www.imsglobal.org/xsd/imsqti_metadata_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1.xsd",
    manifest_schema: "IMS Content",
    manifest_schema_version: "1.2",
    item_resource: "imsqti_item_xmlv2p1",
    test_resource: "imsqti_test_xmlv2p1",
    item_metadata: true,
    rubric_use: false,
};

pub static QTI30: Version = Version {
    format: "qti30",
    ns: "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
    schema_location: "http://www.imsglobal.org/xsd/imsqtiasi_v3p0 https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd",
    kebab: true,
    content_body: true,
    template_prefix: "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/",
    template_suffix: ".xml",
    manifest_ns: "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1",
    manifest_schema_location: "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1 https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd",
    manifest_schema: "QTI Package",
    manifest_schema_version: "3.0.0",
    item_resource: "imsqti_item_xmlv3p0",
    test_resource: "imsqti_test_xmlv3p0",
    item_metadata: false,
    rubric_use: true,
};

impl Version {
    /// The element's name in this version.
    pub fn element_name<'a>(&self, el: &'a El) -> Cow<'a, str> {
        if el.qti && self.kebab {
            Cow::Owned(format!("qti-{}", kebab(el.name)))
        } else {
            Cow::Borrowed(el.name)
        }
    }

    /// An attribute's name in this version (`xml:lang`, `xmlns:…` unchanged).
    pub fn attribute_name<'a>(&self, el: &El, name: &'a str) -> Cow<'a, str> {
        if el.qti && self.kebab && !name.contains(':') {
            Cow::Owned(kebab(name))
        } else {
            Cow::Borrowed(name)
        }
    }

    /// A rubric block for `view` (`candidate`, `scorer`) with its `use`.
    pub fn rubric(&self, view: &str, usage: &str) -> El {
        super::xml::q("rubricBlock")
            .attr_if(self.rubric_use, "use", usage)
            .attr("view", view)
    }

    /// The URI of a standard response-processing template.
    pub fn template(&self, name: &str) -> String {
        format!("{}{name}{}", self.template_prefix, self.template_suffix)
    }
}

/// `choiceInteraction` → `choice-interaction`.
fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::kebab;

    #[test]
    fn kebab_case() {
        assert_eq!(kebab("assessmentItemRef"), "assessment-item-ref");
        assert_eq!(kebab("value"), "value");
        assert_eq!(kebab("baseType"), "base-type");
    }
}
