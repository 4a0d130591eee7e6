//! Line breaking and pagination, without krilla: the blocks of a
//! [`super::Document`] become pages of positioned lines and squares, each
//! belonging to one leaf of the tag tree. Kept apart from the drawing so the
//! page breaks can be tested on plain numbers.

use ttf_parser::Face;

/// A4 in PDF points.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 56.0;
const TOP: f32 = 56.0;
/// Where body text ends; the footer lives below.
pub const BODY_BOTTOM: f32 = PAGE_HEIGHT - 76.0;
pub const BODY_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

pub const TITLE_SIZE: f32 = 17.0;
pub const HEADING_SIZE: f32 = 13.0;
pub const SUBHEADING_SIZE: f32 = 10.5;
pub const TEXT_SIZE: f32 = 10.0;
pub const TABLE_SIZE: f32 = 9.5;
pub const FOOTER_SIZE: f32 = 7.5;
const LEADING: f32 = 1.35;
/// The key column of `key_values`, as a share of the body width.
const KEY_SHARE: f32 = 0.34;
const COLUMN_GAP: f32 = 10.0;
/// The side of one QR module.
const QR_MODULE: f32 = 3.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// The two faces, for measuring.
pub struct Faces<'a> {
    pub regular: Face<'a>,
    pub bold: Face<'a>,
}

impl Faces<'_> {
    fn face(&self, weight: Weight) -> &Face<'_> {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Width of `text` at `size`, from the advances (kerning only ever
    /// narrows DejaVu's lines, so a line measured here never overflows).
    pub fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        let face = self.face(weight);
        let units: f32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(0.0, f32::from)
            })
            .sum();
        units / f32::from(face.units_per_em()) * size
    }

    /// `text` with what cannot be drawn replaced: PDF/A forbids the
    /// `.notdef` glyph, so a character DejaVu lacks becomes "?", and
    /// control characters (other than line breaks) become spaces.
    pub fn drawable(&self, text: &str) -> String {
        let face = &self.regular;
        text.replace("\r\n", "\n")
            .chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' | '\r' => ' ',
                c if c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ad}') => ' ',
                c if ('\u{e000}'..='\u{f8ff}').contains(&c) => '?',
                c if face.glyph_index(c).is_none_or(|g| g.0 == 0) => '?',
                c => c,
            })
            .collect()
    }

    /// Greedy line breaking at spaces; a word longer than the line is cut
    /// where it has to be. Hard line breaks are kept, empty lines too.
    pub fn wrap(&self, text: &str, weight: Weight, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for hard in text.split('\n') {
            let mut line = String::new();
            for word in hard.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, weight, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // The word alone, cut into pieces that fit.
                for c in word.chars() {
                    let mut longer = line.clone();
                    longer.push(c);
                    if !line.is_empty() && self.width(&longer, weight, size) > width {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = longer;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// What a [`super::Document`] holds before layout.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// `level` 1 is the document's title.
    Heading {
        level: u16,
        text: String,
    },
    Paragraph(String),
    KeyValues(Vec<(String, String)>),
    Qr {
        url: String,
        modules: Vec<bool>,
        width: usize,
    },
}

/// One thing on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Draw {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        text: String,
    },
    /// Filled squares: (x, y, side) with y the top.
    Squares(Vec<(f32, f32, f32)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Op {
    /// Index into [`Laid::leaves`].
    pub leaf: usize,
    pub draw: Draw,
}

/// The tag tree's shape, by leaf index; the leaves' contents are the ops
/// that name them.
#[derive(Clone, Debug, PartialEq)]
pub enum Structure {
    Heading {
        level: u16,
        title: String,
        leaf: usize,
    },
    Paragraph {
        leaf: usize,
    },
    /// (key leaf, value leaf) per row.
    Table {
        rows: Vec<(usize, usize)>,
    },
    Figure {
        alt: String,
        leaf: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Laid {
    pub pages: Vec<Vec<Op>>,
    pub structure: Vec<Structure>,
    pub leaves: usize,
}

struct Cursor {
    laid: Laid,
    y: f32,
    /// Nothing placed on the current page yet: breaking again would only
    /// make an empty page.
    fresh: bool,
}

impl Cursor {
    fn leaf(&mut self) -> usize {
        self.laid.leaves += 1;
        self.laid.leaves - 1
    }

    fn new_page(&mut self) {
        self.laid.pages.push(Vec::new());
        self.y = TOP;
        self.fresh = true;
    }

    /// A new page unless `height` still fits on this one.
    fn room(&mut self, height: f32) {
        if !self.fresh && self.y + height > BODY_BOTTOM {
            self.new_page();
        }
    }

    fn push(&mut self, leaf: usize, draw: Draw) {
        self.fresh = false;
        if let Some(page) = self.laid.pages.last_mut() {
            page.push(Op { leaf, draw });
        }
    }

    fn text_line(&mut self, leaf: usize, x: f32, size: f32, weight: Weight, text: String) {
        // Baseline at about the ascender, so `y` is the line's top.
        let baseline = self.y + size * 0.93;
        if !text.is_empty() {
            self.push(
                leaf,
                Draw::Text {
                    x,
                    y: baseline,
                    size,
                    weight,
                    text,
                },
            );
        }
    }
}

fn heading_style(level: u16) -> (f32, f32) {
    // (size, space before)
    match level {
        1 => (TITLE_SIZE, 0.0),
        2 => (HEADING_SIZE, 14.0),
        _ => (SUBHEADING_SIZE, 8.0),
    }
}

/// The height of the first line (or row) of a block: what must fit under
/// a heading for the heading to stay on this page.
fn first_line_height(block: Option<&Block>) -> f32 {
    match block {
        None => 0.0,
        Some(Block::Heading { level, .. }) => {
            let (size, before) = heading_style(*level);
            before + size * LEADING
        }
        Some(Block::Paragraph(_)) => TEXT_SIZE * LEADING * 2.0,
        Some(Block::KeyValues(_)) => TABLE_SIZE * LEADING * 2.0,
        Some(Block::Qr { width, .. }) => (*width as f32 + 8.0) * QR_MODULE,
    }
}

pub fn lay_out(faces: &Faces<'_>, blocks: &[Block]) -> Laid {
    let mut c = Cursor {
        laid: Laid::default(),
        y: TOP,
        fresh: true,
    };
    c.new_page();
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text } => {
                let (size, before) = heading_style(*level);
                let lines = faces.wrap(text, Weight::Bold, size, BODY_WIDTH);
                let own = before + lines.len() as f32 * size * LEADING;
                // Never alone at the bottom: the heading, and the start of
                // what follows (a heading under a heading counts with its
                // own follower), go to the next page together.
                let mut follow = first_line_height(blocks.get(i + 1));
                if let Some(Block::Heading { .. }) = blocks.get(i + 1) {
                    follow += first_line_height(blocks.get(i + 2));
                }
                c.room(own + follow);
                if !c.fresh {
                    c.y += before;
                }
                let leaf = c.leaf();
                for line in lines {
                    c.text_line(leaf, MARGIN_X, size, Weight::Bold, line);
                    c.y += size * LEADING;
                }
                c.y += 2.0;
                c.laid.structure.push(Structure::Heading {
                    level: *level,
                    title: text.clone(),
                    leaf,
                });
            }
            Block::Paragraph(text) => {
                let leaf = c.leaf();
                let step = TEXT_SIZE * LEADING;
                for line in faces.wrap(text, Weight::Regular, TEXT_SIZE, BODY_WIDTH) {
                    c.room(step);
                    c.text_line(leaf, MARGIN_X, TEXT_SIZE, Weight::Regular, line);
                    c.y += step;
                }
                c.y += 5.0;
                c.laid.structure.push(Structure::Paragraph { leaf });
            }
            Block::KeyValues(rows) => {
                let step = TABLE_SIZE * LEADING;
                let key_width = BODY_WIDTH * KEY_SHARE;
                let value_x = MARGIN_X + key_width + COLUMN_GAP;
                let value_width = BODY_WIDTH - key_width - COLUMN_GAP;
                let mut leaves = Vec::new();
                for (key, value) in rows {
                    let (k, v) = (c.leaf(), c.leaf());
                    leaves.push((k, v));
                    let keys = faces.wrap(key, Weight::Bold, TABLE_SIZE, key_width);
                    let values = faces.wrap(value, Weight::Regular, TABLE_SIZE, value_width);
                    let n = keys.len().max(values.len());
                    // A short row stays together; a long one may break.
                    c.room(step * n.min(3) as f32);
                    for line in 0..n {
                        c.room(step);
                        if let Some(text) = keys.get(line) {
                            c.text_line(k, MARGIN_X, TABLE_SIZE, Weight::Bold, text.clone());
                        }
                        if let Some(text) = values.get(line) {
                            c.text_line(v, value_x, TABLE_SIZE, Weight::Regular, text.clone());
                        }
                        c.y += step;
                    }
                    c.y += 2.5;
                }
                c.y += 4.0;
                c.laid.structure.push(Structure::Table { rows: leaves });
            }
            Block::Qr {
                url,
                modules,
                width,
            } => {
                let side = *width as f32 * QR_MODULE;
                let caption = faces.wrap(url, Weight::Regular, FOOTER_SIZE + 1.0, BODY_WIDTH);
                let caption_height = caption.len() as f32 * (FOOTER_SIZE + 1.0) * LEADING;
                c.room(side + 8.0 + caption_height);
                let leaf = c.leaf();
                let (x0, y0) = (MARGIN_X, c.y + 4.0);
                let squares = modules
                    .iter()
                    .enumerate()
                    .filter(|(_, dark)| **dark)
                    .map(|(n, _)| {
                        let (col, row) = (n % width, n / width);
                        (
                            x0 + col as f32 * QR_MODULE,
                            y0 + row as f32 * QR_MODULE,
                            QR_MODULE,
                        )
                    })
                    .collect();
                c.push(leaf, Draw::Squares(squares));
                c.y = y0 + side + 6.0;
                let text_leaf = c.leaf();
                for line in caption {
                    c.text_line(
                        text_leaf,
                        MARGIN_X,
                        FOOTER_SIZE + 1.0,
                        Weight::Regular,
                        line,
                    );
                    c.y += (FOOTER_SIZE + 1.0) * LEADING;
                }
                c.y += 6.0;
                c.laid.structure.push(Structure::Figure {
                    alt: format!("QR-code naar {url}"),
                    leaf,
                });
                c.laid
                    .structure
                    .push(Structure::Paragraph { leaf: text_leaf });
            }
        }
    }
    c.laid
}
