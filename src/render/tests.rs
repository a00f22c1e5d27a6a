use super::*;
use crate::model::{Align, Block, ImageSrc, Inline, Rich};

fn t(s: &str) -> Inline {
    Inline::Text(s.into())
}

fn para(inl: Vec<Inline>) -> Rich {
    Rich {
        blocks: vec![Block::Paragraph(inl)],
    }
}

fn render(rich: &Rich, opts: &RenderOptions) -> (String, Vec<RenderWarning>) {
    let mut w = Vec::new();
    let html = to_html(rich, opts, &mut w);
    (html, w)
}

fn html(rich: &Rich) -> String {
    let (h, w) = render(rich, &RenderOptions::html());
    assert!(w.is_empty(), "{w:?}");
    h
}

/// Every fragment must parse as XML (wrapped in one root element).
fn assert_well_formed(fragment: &str) {
    let doc = format!("<root>{fragment}</root>");
    let mut reader = quick_xml::Reader::from_str(&doc);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}\n{fragment}"),
        }
    }
}

#[test]
fn paragraphs_and_emphasis() {
    let r = para(vec![
        t("a "),
        Inline::Emph(vec![t("b")]),
        t(" "),
        Inline::Strong(vec![t("c")]),
        t(" "),
        Inline::Code("x<y".into()),
        Inline::SoftBreak,
        t("d"),
        Inline::HardBreak,
        t("e"),
    ]);
    assert_eq!(
        html(&r),
        "<p>a <em>b</em> <strong>c</strong> <code>x&lt;y</code>\nd<br/>e</p>"
    );
}

#[test]
fn strikethrough_per_target() {
    let r = para(vec![Inline::Strike(vec![t("old")])]);
    assert_eq!(html(&r), "<p><del>old</del></p>");
    let (q, _) = render(&r, &RenderOptions::qti("media/"));
    assert_eq!(q, "<p><span class=\"strike\">old</span></p>");
}

#[test]
fn headings_rules_quotes() {
    let r = Rich {
        blocks: vec![
            Block::Heading {
                level: 3,
                content: vec![t("H")],
            },
            Block::Rule,
            Block::Quote(vec![Block::Paragraph(vec![t("q")])]),
        ],
    };
    assert_eq!(html(&r), "<h3>H</h3><hr/><blockquote><p>q</p></blockquote>");
}

#[test]
fn lists_tight_and_loose_and_ordered() {
    let r = Rich {
        blocks: vec![
            Block::List {
                start: None,
                items: vec![
                    vec![Block::Paragraph(vec![t("one")])],
                    vec![
                        Block::Paragraph(vec![t("two")]),
                        Block::Paragraph(vec![t("more")]),
                    ],
                ],
            },
            Block::List {
                start: Some(1),
                items: vec![vec![Block::Paragraph(vec![t("a")])]],
            },
            Block::List {
                start: Some(3),
                items: vec![vec![Block::Paragraph(vec![t("c")])]],
            },
        ],
    };
    assert_eq!(
        html(&r),
        "<ul><li>one</li><li><p>two</p><p>more</p></li></ul>\
         <ol><li>a</li></ol><ol start=\"3\"><li>c</li></ol>"
    );
}

#[test]
fn code_blocks_escape_and_label_language() {
    let r = Rich {
        blocks: vec![Block::CodeBlock {
            lang: Some("python\" onclick=\"x".into()),
            code: "if a < b and c > d: print(\"&\")\n".into(),
        }],
    };
    let out = html(&r);
    assert_eq!(
        out,
        "<pre><code class=\"language-pythononclickx\">if a &lt; b and c &gt; d: print(&quot;&amp;&quot;)</code></pre>"
    );
    let (m, _) = render(&r, &RenderOptions::moodle());
    assert!(m.starts_with("<pre style=\""), "{m}");
    assert_well_formed(&m);
}

#[test]
fn code_highlighting_with_inline_styles() {
    let r = Rich {
        blocks: vec![Block::CodeBlock {
            lang: Some("python".into()),
            code: "if a < b:\n    print(\"&\")  # ]]>\n".into(),
        }],
    };
    let (m, w) = render(&r, &RenderOptions::moodle());
    assert!(w.is_empty());
    assert!(m.contains("<span style=\"color:#"), "{m}");
    assert!(
        m.contains("&lt;") && m.contains("&amp;") && !m.contains("]]>"),
        "{m}"
    );
    assert!(m.contains("class=\"language-python\""));
    assert_well_formed(&m);
    // Unknown languages and class-only targets are plain escaped text.
    let (h, _) = render(&r, &RenderOptions::html());
    assert!(!h.contains("<span"), "{h}");
    let odd = Rich {
        blocks: vec![Block::CodeBlock {
            lang: Some("no-such-lang".into()),
            code: "x < y".into(),
        }],
    };
    let (m, _) = render(&odd, &RenderOptions::moodle());
    assert!(
        m.ends_with("<code class=\"language-no-such-lang\">x &lt; y</code></pre>"),
        "{m}"
    );
}

#[test]
fn tables_with_alignment() {
    let r = Rich {
        blocks: vec![Block::Table {
            align: vec![Align::Left, Align::None, Align::Right],
            head: vec![vec![t("a")], vec![t("b")], vec![t("c")]],
            rows: vec![vec![vec![t("1")], vec![t("2")], vec![t("3")]]],
        }],
    };
    assert_eq!(
        html(&r),
        "<table><thead><tr><th style=\"text-align:left\">a</th><th>b</th>\
         <th style=\"text-align:right\">c</th></tr></thead><tbody><tr>\
         <td style=\"text-align:left\">1</td><td>2</td><td style=\"text-align:right\">3</td>\
         </tr></tbody></table>"
    );
    let (q, _) = render(&r, &RenderOptions::qti(""));
    assert!(q.contains("<th class=\"align-left\">a</th>"), "{q}");
    assert!(!q.contains("style="));
}

#[test]
fn footnotes_numbered_by_first_reference() {
    let r = Rich {
        blocks: vec![
            Block::Paragraph(vec![
                t("x"),
                Inline::FootnoteRef("second".into()),
                t(" y"),
                Inline::FootnoteRef("first".into()),
            ]),
            Block::FootnoteDefinition {
                label: "first".into(),
                blocks: vec![Block::Paragraph(vec![t("F1")])],
            },
            Block::FootnoteDefinition {
                label: "second".into(),
                blocks: vec![Block::Paragraph(vec![t("F2")])],
            },
        ],
    };
    assert_eq!(
        html(&r),
        "<p>x<sup class=\"footnote-ref\">[1]</sup> y<sup class=\"footnote-ref\">[2]</sup></p>\
         <div class=\"footnotes\"><hr/><ol><li>F2</li><li>F1</li></ol></div>"
    );
}

#[test]
fn links_and_unsafe_links() {
    let r = para(vec![Inline::Link {
        url: "https://example.org/?a=1&b=2".into(),
        title: "T \"q\"".into(),
        content: vec![t("site")],
    }]);
    assert_eq!(
        html(&r),
        "<p><a href=\"https://example.org/?a=1&amp;b=2\" title=\"T &quot;q&quot;\">site</a></p>"
    );
    for bad in [
        "javascript:alert(1)",
        " JavaScript:x",
        "java\tscript:x",
        "data:text/html,x",
    ] {
        let r = para(vec![Inline::Link {
            url: bad.into(),
            title: String::new(),
            content: vec![t("click")],
        }]);
        let (out, w) = render(&r, &RenderOptions::html());
        assert_eq!(out, "<p>click</p>", "{bad}");
        assert_eq!(w[0].code, "unsafe-link");
    }
    for ok in ["page.html#x", "../a:b", "mailto:a@b.c", "#top"] {
        assert!(super::is_safe_link(ok), "{ok}");
    }
}

fn image(name: &str, alt: &str) -> Rich {
    para(vec![Inline::Image {
        src: ImageSrc::Asset { name: name.into() },
        alt: alt.into(),
        title: String::new(),
    }])
}

#[test]
fn images_with_each_prefix() {
    let img = image("relu-plot-1a2b3c4d.png", "ReLU <plot>");
    let cases = [
        (
            RenderOptions::moodle(),
            "@@PLUGINFILE@@/relu-plot-1a2b3c4d.png",
        ),
        (
            RenderOptions::canvas("quiz1"),
            "$IMS-CC-FILEBASE$/quiz1/relu-plot-1a2b3c4d.png",
        ),
        (RenderOptions::html(), "assets/relu-plot-1a2b3c4d.png"),
        (
            RenderOptions::qti("../media/"),
            "../media/relu-plot-1a2b3c4d.png",
        ),
    ];
    for (opts, src) in cases {
        let mut r = Renderer::new(&opts);
        let out = r.rich(&img);
        assert_eq!(
            out,
            format!("<p><img src=\"{src}\" alt=\"ReLU &lt;plot&gt;\"/></p>")
        );
        assert!(r.assets().contains("relu-plot-1a2b3c4d.png"));
    }
    // Names are URL-encoded; alt is always present.
    let (out, _) = render(&image("a b%.png", ""), &RenderOptions::moodle());
    assert_eq!(
        out,
        "<p><img src=\"@@PLUGINFILE@@/a%20b%25.png\" alt=\"\"/></p>"
    );
}

#[test]
fn images_through_a_map_and_remote_images() {
    let mut map = std::collections::BTreeMap::new();
    map.insert("a.png".to_string(), "x/y/a.png".to_string());
    let opts = RenderOptions {
        images: ImagePaths::Map(map),
        ..RenderOptions::html()
    };
    let (out, w) = render(&image("a.png", "A"), &opts);
    assert_eq!(out, "<p><img src=\"x/y/a.png\" alt=\"A\"/></p>");
    assert!(w.is_empty());
    let (_, w) = render(&image("b.png", "B"), &opts);
    assert_eq!(w[0].code, "image-unmapped");

    let remote = para(vec![Inline::Image {
        src: ImageSrc::Remote {
            url: "https://example.org/p.png".into(),
        },
        alt: "plot".into(),
        title: String::new(),
    }]);
    assert_eq!(
        html(&remote),
        "<p><a href=\"https://example.org/p.png\">plot</a></p>"
    );
}

#[test]
fn math_as_tex_delimiters() {
    let r = Rich {
        blocks: vec![
            Block::Paragraph(vec![t("a "), Inline::Math("x < y & z".into())]),
            Block::DisplayMath("\\sum_{i=1}^n i".into()),
            Block::Paragraph(vec![Inline::DisplayMath("e^x".into())]),
        ],
    };
    let (out, w) = render(&r, &RenderOptions::moodle());
    assert!(w.is_empty());
    assert_eq!(
        out,
        "<p>a \\(x &lt; y &amp; z\\)</p><div class=\"math-display\">\\[\\sum_{i=1}^n i\\]</div>\
         <p>\\[e^x\\]</p>"
    );
}

#[test]
fn math_as_mathml() {
    let r = para(vec![Inline::Math(
        "\\frac{a}{b} + x^2_i + \\sqrt{y} + \\sum_{i=1}^n \\alpha \\le \\beta".into(),
    )]);
    let out = html(&r);
    assert!(
        out.starts_with("<p><math xmlns=\"http://www.w3.org/1998/Math/MathML\">"),
        "{out}"
    );
    for el in ["<mfrac>", "<msubsup>", "<msqrt>", "∑", "α", "≤"] {
        assert!(out.contains(el), "{el} in {out}");
    }
    assert!(!out.contains("annotation"));
    assert_well_formed(&out);

    let block = Rich {
        blocks: vec![Block::DisplayMath("a < b".into())],
    };
    let out = html(&block);
    assert!(out.contains("display=\"block\""), "{out}");
    assert!(out.contains("&lt;"), "{out}");
    assert_well_formed(&out);
}

/// Found by `tests/properties.rs`: math-core copied control characters
/// into the MathML, which broke the QTI items' XML.
#[test]
fn control_characters_in_tex_do_not_reach_the_mathml() {
    for display in [false, true] {
        let MathOutput::MathMl(m) = super::tex_to_mathml("x\u{1c}y\u{0}", display) else {
            panic!("converts");
        };
        assert!(m.chars().all(super::is_xml_char), "{m:?}");
        assert!(m.contains("<mi>x</mi>") && m.contains("<mi>y</mi>"), "{m}");
    }
}

#[test]
fn mathml_is_schema_friendly_for_qti() {
    // MathML Core puts displaystyle/scriptlevel on any element; MathML 2/3
    // (QTI 2.1/3.0 schemas, checked with shared/schemas/validate) only on
    // mstyle. These formulas produced such attributes before the rewrite.
    for tex in [
        "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}",
        "\\tfrac12 + \\dfrac{1}{2}",
        "f(x)=\\begin{cases}0 & x<0\\\\x & x\\ge 0\\end{cases}",
        "\\displaystyle\\sum_i",
        "\\begin{aligned}a&=b\\\\c&=d\\end{aligned}",
    ] {
        let MathOutput::MathMl(m) = tex_to_mathml(tex, false) else {
            panic!("{tex} did not convert");
        };
        assert_well_formed(&m);
        let mut reader = quick_xml::Reader::from_str(&m);
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                    let name = e.name().as_ref().to_string();
                    for a in e.attributes() {
                        let key = a.unwrap().key.as_ref().to_string();
                        let allowed = match key.as_str() {
                            "scriptlevel" => name == "mstyle",
                            "displaystyle" => matches!(name.as_str(), "mstyle" | "math" | "mtable"),
                            _ => true,
                        };
                        assert!(allowed, "{key} on {name} in {m}");
                    }
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
    }
}

#[test]
fn ordered_list_start_per_target() {
    let r = Rich {
        blocks: vec![Block::List {
            start: Some(3),
            items: vec![vec![Block::Paragraph(vec![t("c")])]],
        }],
    };
    let (q, w) = render(&r, &RenderOptions::qti(""));
    assert_eq!(q, "<ol><li>c</li></ol>");
    assert_eq!(w[0].code, "list-start");
}

#[test]
fn math_that_does_not_convert_falls_back_with_a_warning() {
    let r = para(vec![Inline::Math("\\frac{1}{ <".into())]);
    let (out, w) = render(&r, &RenderOptions::html());
    assert_eq!(
        out,
        "<p><span class=\"math-tex\">\\(\\frac{1}{ &lt;\\)</span></p>"
    );
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "math-not-converted");
}

#[test]
fn allowlisted_html_is_normalised_and_balanced() {
    let r = para(vec![
        t("H"),
        Inline::Html("<sub>".into()),
        t("2"),
        Inline::Html("</sub>".into()),
        t("O"),
        Inline::Html("<br>".into()),
        Inline::Html("<SPAN class=note onclick=\"evil()\" style='x'>".into()),
        t("n"),
        Inline::Html("</em>".into()),
        Inline::Html("<b>".into()),
        t("unclosed"),
    ]);
    let out = html(&r);
    assert_eq!(
        out,
        "<p>H<sub>2</sub>O<br/><span class=\"note\">n<b>unclosed</b></span></p>"
    );
    assert_well_formed(&out);
}

#[test]
fn other_html_is_shown_as_text_with_a_warning() {
    let r = para(vec![
        Inline::Html("<script>".into()),
        t("alert(1)"),
        Inline::Html("</script>".into()),
    ]);
    let (out, w) = render(&r, &RenderOptions::html());
    assert_eq!(out, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    assert_eq!(w.len(), 2);
    assert!(w.iter().all(|w| w.code == "html-not-allowed"));
}

#[test]
fn hostile_text_is_escaped_and_xml_safe() {
    let hostile = "<script>alert('x')</script> & ]]> \"q\" \u{1}\u{b}bell\u{7} 🎉 עברית";
    let r = para(vec![t(hostile)]);
    for opts in [
        RenderOptions::html(),
        RenderOptions::moodle(),
        RenderOptions::qti(""),
    ] {
        let (out, _) = render(&r, &opts);
        assert_eq!(
            out,
            "<p>&lt;script&gt;alert('x')&lt;/script&gt; &amp; ]]&gt; &quot;q&quot; bell 🎉 עברית</p>"
        );
        assert!(!out.contains("]]>"));
        assert_well_formed(&out);
    }
}

#[test]
fn blanks_use_the_hook_or_a_placeholder() {
    let r = para(vec![t("a "), Inline::Blank(0), t(" b "), Inline::Blank(1)]);
    assert_eq!(
        html(&r),
        "<p>a <span class=\"blank\">_____</span> b <span class=\"blank\">_____</span></p>"
    );
    let opts = RenderOptions::moodle();
    let mut seen = Vec::new();
    let out = {
        let mut r2 = Renderer::new(&opts).with_blanks(|i, out: &mut String| {
            seen.push(i);
            out.push_str(&format!("{{{}:SHORTANSWER:=x}}", i + 1));
        });
        r2.rich(&r)
    };
    assert_eq!(out, "<p>a {1:SHORTANSWER:=x} b {2:SHORTANSWER:=x}</p>");
    assert_eq!(seen, vec![0, 1]);
}

#[test]
fn inlines_without_paragraph() {
    let mut w = Vec::new();
    let out = inlines_to_html(
        &[t("x "), Inline::Emph(vec![t("y")])],
        &RenderOptions::html(),
        &mut w,
    );
    assert_eq!(out, "x <em>y</em>");
}

#[test]
fn everything_together_is_well_formed() {
    let r = Rich {
        blocks: vec![
            Block::Paragraph(vec![
                Inline::Strong(vec![Inline::Emph(vec![t("<&>")])]),
                Inline::Math("x^2".into()),
                Inline::Html("<kbd>".into()),
                t("Ctrl"),
            ]),
            Block::List {
                start: Some(1),
                items: vec![vec![Block::CodeBlock {
                    lang: None,
                    code: "]]> <![CDATA[".into(),
                }]],
            },
            Block::Table {
                align: vec![Align::Center],
                head: vec![vec![Inline::Math("\\alpha".into())]],
                rows: vec![],
            },
        ],
    };
    for opts in [
        RenderOptions::html(),
        RenderOptions::moodle(),
        RenderOptions::qti(""),
        RenderOptions::canvas("q"),
    ] {
        let (out, w) = render(&r, &opts);
        assert!(w.is_empty(), "{w:?}");
        assert!(!out.contains("]]>"));
        assert_well_formed(&out);
    }
}

#[test]
fn qti_profile_drops_titles_with_a_warning() {
    let link = para(vec![Inline::Link {
        url: "https://example.org".into(),
        title: "Example".into(),
        content: vec![Inline::Text("x".into())],
    }]);
    let (out, w) = render(&link, &RenderOptions::qti("../assets/"));
    assert_eq!(out, "<p><a href=\"https://example.org\">x</a></p>");
    assert_eq!(w[0].code, "title-dropped");
    let (out, w) = render(&link, &RenderOptions::html());
    assert!(out.contains("title=\"Example\""));
    assert!(w.is_empty());

    let tags = para(vec![
        Inline::Html("<u class=\"x\" title=\"t\">".into()),
        Inline::Text("a".into()),
        Inline::Html("</u>".into()),
        Inline::Html("<span lang=\"fr\" dir=\"ltr\">".into()),
        Inline::Text("b".into()),
        Inline::Html("</span>".into()),
    ]);
    let (out, _) = render(&tags, &RenderOptions::qti("../assets/"));
    assert_eq!(
        out,
        "<p><span class=\"underline x\">a</span><span>b</span></p>"
    );
    let (out, _) = render(&tags, &RenderOptions::html());
    assert!(out.contains("<u class=\"x\" title=\"t\">a</u>"), "{out}");
}

#[test]
fn deeply_nested_math_never_overflows_the_stack() {
    let nested = |open: &str, close: &str, n: usize| open.repeat(n) + "x" + &close.repeat(n);
    // Each of these overflowed a 2 MB thread at about 80 levels.
    for tex in [
        nested("{", "}", 300),
        nested("\\sqrt ", "", 300),
        nested("\\frac 1", "", 300),
        nested("\\left(", "\\right)", 300),
        nested("\\begin{matrix}", "\\end{matrix}", 300),
        nested("x^{", "}", 300),
        nested("\\hat ", "", 300),
    ] {
        let converted = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || tex_to_mathml(&tex, true))
            .unwrap()
            .join()
            .expect("no stack overflow");
        if let MathOutput::MathMl(m) = converted {
            assert_well_formed(&m);
        }
    }
    let too_many = nested("{", "}", math::MAX_OPENINGS + 1);
    match tex_to_mathml(&too_many, false) {
        MathOutput::Failed(why) => assert!(why.contains("at most 2048"), "{why}"),
        MathOutput::MathMl(_) => panic!("{} openings converted", math::MAX_OPENINGS + 1),
    }
}

#[test]
fn tex_links_to_script_are_taken_out() {
    use super::without_unsafe_tex_links;
    let cases = [
        (r"\href{javascript:alert(1)}{x}", r"{x}", 1),
        (r"\href {JaVa	Script:x}{\frac{a}{b}}", r"{\frac{a}{b}}", 1),
        (r"\url{data:text/html,x} y", r" y", 1),
        (r"\href{java{script}:x}{y}", r"{y}", 1),
        (
            r"\href{https://a.org/?q=\{1\}}{x}",
            r"\href{https://a.org/?q=\{1\}}{x}",
            0,
        ),
        (r"\\href{javascript:x}", r"\\href{javascript:x}", 0),
        (r"\hrefx{javascript:x}", r"\hrefx{javascript:x}", 0),
        (r"\href j{x}", r"\href j{x}", 0),
        (r"\href{javascript:x", r"\href{javascript:x", 0),
        (r"a\", r"a\", 0),
    ];
    for (tex, expected, n) in cases {
        let (out, refused) = without_unsafe_tex_links(tex);
        assert_eq!(out, expected, "{tex}");
        assert_eq!(refused.len(), n, "{tex}");
    }
}
