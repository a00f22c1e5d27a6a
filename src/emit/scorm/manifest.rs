//! `imsmanifest.xml`: one organization, one SCO item, every file listed.

use super::interactions::{cut, number};
use super::profile::Profile;
use crate::model::Quiz;
use crate::render::escape;

/// The manifest for `files` (package paths, sorted; the launch page first).
pub fn manifest(quiz: &Quiz, p: &Profile, files: &[&str]) -> String {
    let id = &quiz.id;
    // Drops what XML cannot hold (NUL and other C0 controls) as well.
    let title = escape(&cut(&quiz.title, 200));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let twelve = p.version == "1.2";
    if twelve {
        out.push_str(&format!(
            "<manifest identifier=\"{id}\" version=\"1.0\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n"
        ));
    } else {
        out.push_str(&format!(
            "<manifest identifier=\"{id}\" version=\"1\" xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\" xmlns:adlseq=\"http://www.adlnet.org/xsd/adlseq_v1p3\" xmlns:adlnav=\"http://www.adlnet.org/xsd/adlnav_v1p3\" xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd\">\n"
        ));
    }
    out.push_str("  <metadata>\n    <schema>ADL SCORM</schema>\n");
    out.push_str(&format!(
        "    <schemaversion>{}</schemaversion>\n  </metadata>\n",
        if twelve { "1.2" } else { "2004 4th Edition" }
    ));
    out.push_str(&format!(
        "  <organizations default=\"org-{id}\">\n    <organization identifier=\"org-{id}\">\n      <title>{title}</title>\n"
    ));
    out.push_str(&format!(
        "      <item identifier=\"item-{id}\" identifierref=\"res-{id}\">\n        <title>{title}</title>\n"
    ));
    let s = &quiz.settings;
    if twelve {
        if let Some(minutes) = s.time_limit {
            out.push_str(&format!(
                "        <adlcp:maxtimeallowed>{:02}:{:02}:00</adlcp:maxtimeallowed>\n",
                minutes / 60,
                minutes % 60
            ));
        }
        if let Some(pass) = s.pass {
            out.push_str(&format!(
                "        <adlcp:masteryscore>{}</adlcp:masteryscore>\n",
                number((pass * 100.0).clamp(0.0, 100.0))
            ));
        }
    } else {
        out.push_str("        <imsss:sequencing>\n");
        if s.time_limit.is_some() || s.attempts.is_some() {
            out.push_str("          <imsss:limitConditions");
            if let Some(n) = s.attempts {
                out.push_str(&format!(" attemptLimit=\"{n}\""));
            }
            if let Some(minutes) = s.time_limit {
                out.push_str(&format!(" attemptAbsoluteDurationLimit=\"PT{minutes}M\""));
            }
            out.push_str("/>\n");
        }
        if let Some(pass) = s.pass {
            out.push_str(&format!(
                "          <imsss:objectives>\n            <imsss:primaryObjective objectiveID=\"pass-{id}\" satisfiedByMeasure=\"true\">\n              <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>\n            </imsss:primaryObjective>\n          </imsss:objectives>\n",
                number(pass.clamp(0.0, 1.0))
            ));
        }
        out.push_str("          <imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/>\n");
        out.push_str("        </imsss:sequencing>\n");
    }
    out.push_str("      </item>\n    </organization>\n  </organizations>\n  <resources>\n");
    let launch = files.first().copied().unwrap_or("index.html");
    out.push_str(&format!(
        "    <resource identifier=\"res-{id}\" type=\"webcontent\" adlcp:{}=\"sco\" href=\"{}\">\n",
        if twelve { "scormtype" } else { "scormType" },
        escape(launch)
    ));
    for f in files {
        out.push_str(&format!("      <file href=\"{}\"/>\n", escape(f)));
    }
    out.push_str("    </resource>\n  </resources>\n</manifest>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::profile::{SCORM12, SCORM2004};
    use super::*;

    #[test]
    fn control_characters_in_the_title_are_dropped_from_the_manifest() {
        let quiz = Quiz {
            id: "q1".into(),
            source: "q.md".into(),
            title: "a\u{0}b\u{1b}c <&>".into(),
            description: String::new(),
            intro: Default::default(),
            settings: Default::default(),
            items: Vec::new(),
            assets: Vec::new(),
        };
        for p in [&SCORM12, &SCORM2004] {
            let xml = manifest(&quiz, p, &["index.html"]);
            assert!(xml.contains("<title>abc &lt;&amp;&gt;</title>"), "{xml}");
        }
    }
}
