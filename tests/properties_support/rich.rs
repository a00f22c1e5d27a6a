//! Rich content: inline runs and blocks, in the canonical form the parser
//! produces (adjacent text merged, no white space at the ends of a
//! paragraph, separators between inline nodes).
//!
//! Inline nodes are separated by a space or a line break. Emphasis glued to
//! a word (`x*y*`) follows CommonMark's flanking rules, which depend on the
//! characters around each delimiter; the separators keep every generated
//! node readable as itself while still putting hostile text right inside
//! each delimiter.

use super::text::{code_text, line, tex, url, word};
use proptest::prelude::*;
use proptest::sample::select;
use quizc::model::{Align, Block, ImageSrc, Inline};

/// Where a run of inlines goes: what it may hold.
#[derive(Clone, Copy, Debug)]
pub struct InlineCx {
    /// Soft and hard breaks (not in headings or table cells).
    pub breaks: bool,
    /// Links (never inside a link).
    pub links: bool,
    /// Nesting left for emphasis.
    pub depth: u32,
}

impl InlineCx {
    pub const PARAGRAPH: InlineCx = InlineCx {
        breaks: true,
        links: true,
        depth: 2,
    };
    pub const ONE_LINE: InlineCx = InlineCx {
        breaks: false,
        links: true,
        depth: 2,
    };
}

/// One node of a run, before separators are put in.
#[derive(Clone, Debug)]
enum Segment {
    Text(String),
    Node(Inline),
    /// `<sub>x</sub>`: allowlisted HTML around text, no separators inside.
    Tagged(&'static str, String),
}

fn segment(cx: InlineCx, image: Option<ImageSrc>) -> BoxedStrategy<Segment> {
    let text = line(3).prop_map(Segment::Text);
    let leaf = prop_oneof![
        code_text().prop_map(|c| Segment::Node(Inline::Code(c))),
        tex().prop_map(|t| Segment::Node(Inline::Math(t))),
        tex().prop_map(|t| Segment::Node(Inline::DisplayMath(t))),
        (select(&["sub", "sup", "b", "i", "kbd", "u"][..]), line(2))
            .prop_map(|(tag, t)| Segment::Tagged(tag, t)),
        Just(Segment::Node(Inline::Html("<br>".into()))),
        (
            line(2),
            select(&["", "a \"title\"", "<x-evil>", "t\u{1c}"][..])
        )
            .prop_map(|(alt, title)| Segment::Node(Inline::Image {
                src: ImageSrc::Remote {
                    url: "https://example.com/plot.png".into()
                },
                alt,
                title: title.into(),
            })),
    ];
    let mut options: Vec<(u32, BoxedStrategy<Segment>)> =
        vec![(6, text.boxed()), (3, leaf.boxed())];
    if let Some(src) = image {
        options.push((
            1,
            line(2)
                .prop_map(move |alt| {
                    Segment::Node(Inline::Image {
                        src: src.clone(),
                        alt,
                        title: String::new(),
                    })
                })
                .boxed(),
        ));
    }
    if cx.depth > 0 {
        let inner = InlineCx {
            depth: cx.depth - 1,
            ..cx
        };
        let nested = move || inlines(inner, None);
        options.push((
            1,
            nested()
                .prop_map(|c| Segment::Node(Inline::Emph(c)))
                .boxed(),
        ));
        options.push((
            1,
            nested()
                .prop_map(|c| Segment::Node(Inline::Strong(c)))
                .boxed(),
        ));
        // GFM strikethrough does not nest: `~~~~x~~~~` is not struck twice.
        let no_strike = InlineCx { depth: 0, ..inner };
        options.push((
            1,
            inlines(no_strike, None)
                .prop_map(|c| Segment::Node(Inline::Strike(c)))
                .boxed(),
        ));
        if cx.links {
            let in_link = InlineCx {
                links: false,
                ..inner
            };
            options.push((
                1,
                (
                    inlines(in_link, None),
                    url(),
                    select(&["", "t", "a \"q\" (p)", "\"><x-evil a=\"\u{0}"][..]),
                )
                    .prop_map(|(content, url, title)| {
                        Segment::Node(Inline::Link {
                            url,
                            title: title.into(),
                            content,
                        })
                    })
                    .boxed(),
            ));
        }
    }
    proptest::strategy::Union::new_weighted(options).boxed()
}

/// A run of 1–4 segments with separators, merged into canonical inlines.
pub fn inlines(cx: InlineCx, image: Option<ImageSrc>) -> BoxedStrategy<Vec<Inline>> {
    let separator = if cx.breaks {
        prop_oneof![6 => Just(Sep::Space), 1 => Just(Sep::Soft), 1 => Just(Sep::Hard)].boxed()
    } else {
        Just(Sep::Space).boxed()
    };
    (
        segment(cx, image.clone()),
        prop::collection::vec((separator, segment(cx, image)), 0..4),
    )
        .prop_map(|(first, rest)| {
            let mut out = Vec::new();
            push_segment(&mut out, first);
            for (sep, seg) in rest {
                match sep {
                    Sep::Space => push_text(&mut out, " "),
                    Sep::Soft => out.push(Inline::SoftBreak),
                    Sep::Hard => out.push(Inline::HardBreak),
                }
                push_segment(&mut out, seg);
            }
            out
        })
        .boxed()
}

#[derive(Clone, Copy, Debug)]
enum Sep {
    Space,
    Soft,
    Hard,
}

fn push_segment(out: &mut Vec<Inline>, seg: Segment) {
    match seg {
        Segment::Text(t) => push_text(out, &t),
        Segment::Node(n) => out.push(n),
        Segment::Tagged(tag, t) => {
            out.push(Inline::Html(format!("<{tag}>")));
            out.push(Inline::Text(t));
            out.push(Inline::Html(format!("</{tag}>")));
        }
    }
}

/// Adjacent text is one node in the model.
pub fn push_text(out: &mut Vec<Inline>, t: &str) {
    match out.last_mut() {
        Some(Inline::Text(prev)) => prev.push_str(t),
        _ => out.push(Inline::Text(t.to_string())),
    }
}

/// What a block list may hold.
#[derive(Clone, Debug)]
pub struct BlockCx {
    /// Blockquotes (not in list items, where a blockquote is the item's feedback).
    pub quotes: bool,
    /// Nesting left for lists and quotes.
    pub depth: u32,
    /// A packaged image the content may show.
    pub image: Option<ImageSrc>,
}

pub fn paragraph(image: Option<ImageSrc>) -> BoxedStrategy<Block> {
    inlines(InlineCx::PARAGRAPH, image)
        .prop_map(|inl| match inl.as_slice() {
            // `$$x$$` alone in its paragraph is display math (model: Block).
            [Inline::DisplayMath(tex)] => Block::DisplayMath(tex.clone()),
            _ => Block::Paragraph(inl),
        })
        .boxed()
}

pub fn block(cx: BlockCx) -> BoxedStrategy<Block> {
    let image = cx.image.clone();
    let mut options: Vec<(u32, BoxedStrategy<Block>)> = vec![
        (8, paragraph(image.clone())),
        // Levels 1–3 start the title, a question or a pool question (spec:
        // Structure); content headings are levels 4–6.
        (
            1,
            (4u8..=6, inlines(InlineCx::ONE_LINE, image.clone()))
                .prop_map(|(level, content)| Block::Heading { level, content })
                .boxed(),
        ),
        (
            1,
            (
                prop::option::of(super::text::plain_word()),
                prop::collection::vec(code_text(), 0..3),
            )
                .prop_map(|(lang, lines)| Block::CodeBlock {
                    lang,
                    // A fenced block's text ends with a line break.
                    code: lines.iter().map(|l| format!("{l}\n")).collect(),
                })
                .boxed(),
        ),
        (1, tex().prop_map(Block::DisplayMath).boxed()),
        (1, Just(Block::Rule).boxed()),
        (1, table(image.clone())),
    ];
    if cx.depth > 0 {
        let inner = BlockCx {
            depth: cx.depth - 1,
            quotes: false,
            image: image.clone(),
        };
        options.push((
            2,
            (
                prop::option::of(0u64..1000),
                prop::collection::vec(list_item(inner.clone()), 1..4),
            )
                .prop_map(|(start, items)| Block::List { start, items })
                .boxed(),
        ));
        if cx.quotes {
            let quoted = BlockCx {
                quotes: true,
                ..inner
            };
            options.push((1, blocks(quoted, 1..3).prop_map(Block::Quote).boxed()));
        }
    }
    proptest::strategy::Union::new_weighted(options).boxed()
}

/// A list item: a first paragraph, then other blocks (no blockquotes: in an
/// answer list they are the item's feedback).
pub fn list_item(cx: BlockCx) -> BoxedStrategy<Vec<Block>> {
    let inner = BlockCx {
        quotes: false,
        ..cx.clone()
    };
    (
        paragraph(cx.image.clone()),
        prop::collection::vec(block(inner), 0..2),
    )
        .prop_map(|(first, rest)| std::iter::once(first).chain(rest).collect())
        .boxed()
}

pub fn blocks(cx: BlockCx, len: std::ops::Range<usize>) -> BoxedStrategy<Vec<Block>> {
    prop::collection::vec(block(cx), len).boxed()
}

/// A table: every row as wide as the head (GFM pads short rows and drops
/// extra cells), cells on one line.
fn table(image: Option<ImageSrc>) -> BoxedStrategy<Block> {
    let cell = move || {
        prop_oneof![
            1 => Just(Vec::new()),
            4 => inlines(InlineCx::ONE_LINE, image.clone()),
        ]
    };
    (1usize..4)
        .prop_flat_map(move |width| {
            (
                prop::collection::vec(
                    select(&[Align::None, Align::Left, Align::Center, Align::Right][..]),
                    width,
                ),
                prop::collection::vec(cell(), width),
                prop::collection::vec(prop::collection::vec(cell(), width), 0..3),
            )
        })
        .prop_map(|(align, head, rows)| Block::Table { align, head, rows })
        .boxed()
}

/// A word as a one-paragraph rich text (choices, short feedback).
pub fn short_paragraph() -> BoxedStrategy<Block> {
    word()
        .prop_map(|w| Block::Paragraph(vec![Inline::Text(w)]))
        .boxed()
}
