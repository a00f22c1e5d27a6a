//! `imsmanifest.xml`: the IMS content package (QTI 2.1: IMS CP 1.1 with IMS
//! MD and QTI metadata; QTI 3.0: the QTI 3 CP profile and its resource types).

use super::items::ItemDoc;
use super::version::Version;
use super::xml::{El, document, h};
use super::{ASSETS_DIR, ITEMS_DIR, STYLESHEET, TEST_FILE};
use crate::model::Quiz;

const IMSMD: &str = "http://www.imsglobal.org/xsd/imsmd_v1p2";
const IMSQTI_MD: &str = "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1";

/// A resource identifier (xs:ID) for an asset file name.
pub fn asset_resource_id(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("asset-{clean}")
}

const STYLE_ID: &str = "style-quizc";

pub fn manifest(quiz: &Quiz, items: &[ItemDoc], test_assets: &[String], v: &Version) -> String {
    // Manifest elements are not QTI vocabulary: never renamed.
    let mut root = h("manifest")
        .attr("xmlns", v.manifest_ns)
        .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    if v.item_metadata {
        root = root
            .attr("xmlns:imsmd", IMSMD)
            .attr("xmlns:imsqti", IMSQTI_MD);
    }
    root = root
        .attr("xsi:schemaLocation", v.manifest_schema_location)
        .attr("identifier", format!("MANIFEST-{}", quiz.id));

    let mut metadata = h("metadata")
        .child(h("schema").text(v.manifest_schema))
        .child(h("schemaversion").text(v.manifest_schema_version));
    if v.item_metadata {
        metadata.push(lom(
            &quiz.title,
            Some(&quiz.description),
            &quiz.settings.tags,
            &quiz.settings.lang,
        ));
    }
    root.push(metadata);
    root.push(h("organizations"));

    let mut resources = h("resources");
    let mut test = h("resource")
        .attr("identifier", format!("test-{}", quiz.id))
        .attr("type", v.test_resource)
        .attr("href", TEST_FILE)
        .child(h("file").attr("href", TEST_FILE));
    for item in items {
        test.push(h("dependency").attr("identifierref", item_resource_id(&item.id)));
    }
    for name in test_assets {
        test.push(h("dependency").attr("identifierref", asset_resource_id(name)));
    }
    test.push(h("dependency").attr("identifierref", STYLE_ID));
    resources.push(test);

    for item in items {
        let href = format!("{ITEMS_DIR}{}.xml", item.id);
        let mut res = h("resource")
            .attr("identifier", item_resource_id(&item.id))
            .attr("type", v.item_resource)
            .attr("href", href.clone());
        if v.item_metadata {
            res.push(
                h("metadata")
                    .child(lom(&item.title, None, &item.tags, &quiz.settings.lang))
                    .child(qti_metadata(item)),
            );
        }
        res.push(h("file").attr("href", href));
        for name in &item.assets {
            res.push(h("dependency").attr("identifierref", asset_resource_id(name)));
        }
        res.push(h("dependency").attr("identifierref", STYLE_ID));
        resources.push(res);
    }
    for asset in &quiz.assets {
        let href = format!("{ASSETS_DIR}{}", asset.name);
        resources.push(
            h("resource")
                .attr("identifier", asset_resource_id(&asset.name))
                .attr("type", "webcontent")
                .attr("href", href.clone())
                .child(h("file").attr("href", href)),
        );
    }
    resources.push(
        h("resource")
            .attr("identifier", STYLE_ID)
            .attr("type", "webcontent")
            .attr("href", STYLESHEET)
            .child(h("file").attr("href", STYLESHEET)),
    );
    root.push(resources);
    document(&root, v)
}

pub fn item_resource_id(id: &str) -> String {
    format!("item-{id}")
}

fn langstring(text: &str, lang: &str) -> El {
    h("imsmd:langstring").attr("xml:lang", lang).text(text)
}

/// IMS MD 1.2 `lom/general`: title, description, tags as keywords.
fn lom(title: &str, description: Option<&str>, tags: &[String], lang: &str) -> El {
    let mut general = h("imsmd:general").child(h("imsmd:title").child(langstring(title, lang)));
    if let Some(d) = description.filter(|d| !d.is_empty()) {
        general.push(h("imsmd:description").child(langstring(d, lang)));
    }
    for tag in tags {
        general.push(h("imsmd:keyword").child(langstring(tag, lang)));
    }
    h("imsmd:lom").child(general)
}

fn qti_metadata(item: &ItemDoc) -> El {
    let mut md = h("imsqti:qtiMetadata").child(h("imsqti:timeDependent").text("false"));
    for interaction in &item.interactions {
        md.push(h("imsqti:interactionType").text(*interaction));
    }
    md.child(h("imsqti:feedbackType").text(if item.has_feedback {
        "nonadaptive"
    } else {
        "none"
    }))
    .child(h("imsqti:solutionAvailable").text(item.has_solution.to_string()))
}
