//! Archival PDFs (issue 15): a small document builder on krilla that
//! writes PDF/A-3a — tagged (headings, paragraphs, tables, a figure for a
//! QR code), DejaVu Sans embedded, title and language "nl" in the metadata,
//! a footer and "Pagina n van m" on every page, and any files attached as
//! PDF/A-3 associated files, so one PDF can be a complete dossier.
//!
//! Pure and synchronous (no I/O; the clock only as the default date):
//! handlers call [`Document::finish`] in `tokio::task::spawn_blocking`.
//! What goes into a submission's or a certificate's PDF is decided by the
//! callers (`dossier::pdf`); this module only lays out and writes.

mod layout;

use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::SerializeSettings;
use layout::{Block, Draw, Faces, Laid, Structure, Weight};
use std::num::NonZeroU16;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The archival level every document is written (and validated) as.
pub const ARCHIVAL: &str = "PDF/A-3a";

/// A file carried inside the PDF (PDF/A-3 associated file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// The file name shown by PDF readers (and by `pdfdetach -list`).
    pub name: String,
    /// `type/subtype`; anything else is refused by [`Document::finish`].
    pub media_type: String,
    pub bytes: Vec<u8>,
    pub description: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// krilla refused the document (a PDF/A rule, a font): a bug here.
    #[error("the PDF could not be written: {0}")]
    Write(String),
    #[error("attachment {0:?}: the media type is not type/subtype")]
    MediaType(String),
    #[error("attachment {0:?} is attached twice")]
    DuplicateAttachment(String),
}

/// Builds and finishes a document off the async threads: layout and font
/// subsetting of a long portfolio take a while.
pub async fn render_off_thread(
    build: impl FnOnce() -> Document + Send + 'static,
) -> Result<Vec<u8>, PdfError> {
    tokio::task::spawn_blocking(move || build().finish())
        .await
        .map_err(|e| PdfError::Write(format!("render task: {e}")))?
}

/// A document being built: blocks in reading order, laid out on A4 pages
/// by [`Document::finish`].
#[derive(Clone, Debug)]
pub struct Document {
    title: String,
    footer: String,
    blocks: Vec<Block>,
    attachments: Vec<Attachment>,
    date: chrono::DateTime<chrono::Utc>,
}

impl Document {
    /// `title` is the first heading and the metadata's title; `footer`
    /// (e.g. "Manifest SHA-256: …") is printed on every page above
    /// "Pagina n van m".
    pub fn new(title: &str, footer: &str) -> Document {
        Document {
            title: title.to_string(),
            footer: footer.to_string(),
            blocks: vec![Block::Heading {
                level: 1,
                text: title.to_string(),
            }],
            attachments: Vec::new(),
            date: chrono::Utc::now(),
        }
    }

    /// The creation date in the metadata and of the attachments (PDF/A
    /// wants both); now unless set, for reproducible output.
    pub fn set_date(&mut self, date: chrono::DateTime<chrono::Utc>) {
        self.date = date;
    }

    /// A section heading; it moves to the next page rather than end one.
    pub fn heading(&mut self, text: &str) {
        self.blocks.push(Block::Heading {
            level: 2,
            text: text.to_string(),
        });
    }

    /// A heading one level down (a question under a section), kept with
    /// what follows like [`Document::heading`].
    pub fn subheading(&mut self, text: &str) {
        self.blocks.push(Block::Heading {
            level: 3,
            text: text.to_string(),
        });
    }

    /// Running text, wrapped; line breaks in `text` are kept.
    pub fn paragraph(&mut self, text: &str) {
        self.blocks.push(Block::Paragraph(text.to_string()));
    }

    /// A two-column table of labels and values.
    pub fn key_values(&mut self, rows: &[(&str, &str)]) {
        self.blocks.push(Block::KeyValues(
            rows.iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        ));
    }

    /// A QR code for `url`, with the URL printed under it.
    pub fn qr(&mut self, url: &str) {
        // A URL too long for any QR version is printed without the code.
        match qrcode::QrCode::new(url.as_bytes()) {
            Ok(code) => self.blocks.push(Block::Qr {
                url: url.to_string(),
                width: code.width(),
                modules: code
                    .to_colors()
                    .into_iter()
                    .map(|c| c == qrcode::Color::Dark)
                    .collect(),
            }),
            Err(_) => self.paragraph(url),
        }
    }

    pub fn attach(&mut self, file: Attachment) {
        self.attachments.push(file);
    }

    /// Lays out and writes the PDF, validated by krilla as PDF/A-3a.
    pub fn finish(self) -> Result<Vec<u8>, PdfError> {
        let faces = Faces {
            regular: ttf_parser::Face::parse(REGULAR, 0)
                .map_err(|e| PdfError::Write(format!("DejaVu Sans: {e}")))?,
            bold: ttf_parser::Face::parse(BOLD, 0)
                .map_err(|e| PdfError::Write(format!("DejaVu Sans Bold: {e}")))?,
        };
        let blocks: Vec<Block> = self
            .blocks
            .iter()
            .map(|b| drawable_block(&faces, b))
            .collect();
        let laid = layout::lay_out(&faces, &blocks);
        let footer = faces.drawable(&self.footer).replace('\n', " ");
        render(self, &faces, &laid, &footer)
    }
}

fn drawable_block(faces: &Faces<'_>, block: &Block) -> Block {
    match block {
        Block::Heading { level, text } => Block::Heading {
            level: *level,
            text: faces.drawable(text),
        },
        Block::Paragraph(text) => Block::Paragraph(faces.drawable(text)),
        Block::KeyValues(rows) => Block::KeyValues(
            rows.iter()
                .map(|(k, v)| (faces.drawable(k), faces.drawable(v)))
                .collect(),
        ),
        Block::Qr {
            url,
            modules,
            width,
        } => Block::Qr {
            url: faces.drawable(url),
            modules: modules.clone(),
            width: *width,
        },
    }
}

fn pdf_date(date: chrono::DateTime<chrono::Utc>) -> DateTime {
    use chrono::{Datelike, Timelike};
    // Years before 0 or after 65535 do not occur in a date from the clock.
    DateTime::new(u16::try_from(date.year()).unwrap_or(2000))
        .month(date.month() as u8)
        .day(date.day() as u8)
        .hour(date.hour() as u8)
        .minute(date.minute() as u8)
        .second(date.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn font(bytes: &'static [u8]) -> Result<Font, PdfError> {
    Font::new(bytes.into(), 0).ok_or_else(|| PdfError::Write("font does not load".into()))
}

fn render(
    doc: Document,
    faces: &Faces<'_>,
    laid: &Laid,
    footer: &str,
) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_A)
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut pdf = krilla::Document::new_with(settings);
    let (regular, bold) = (font(REGULAR)?, font(BOLD)?);
    let date = pdf_date(doc.date);
    pdf.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .language("nl".to_string())
            .creator("Register Jobcoach".to_string())
            .creation_date(date),
    );

    let mut leaves: Vec<Vec<Identifier>> = vec![Vec::new(); laid.leaves];
    let total = laid.pages.len();
    let a4 = PageSettings::from_wh(layout::PAGE_WIDTH, layout::PAGE_HEIGHT)
        .ok_or_else(|| PdfError::Write("page size".into()))?;
    for (n, ops) in laid.pages.iter().enumerate() {
        let mut page = pdf.start_page_with(a4.clone());
        let mut surface = page.surface();
        for op in ops {
            let id = match &op.draw {
                Draw::Text {
                    x,
                    y,
                    size,
                    weight,
                    text,
                } => {
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    let f = match weight {
                        Weight::Regular => regular.clone(),
                        Weight::Bold => bold.clone(),
                    };
                    draw_text(&mut surface, f, *x, *y, *size, text);
                    id
                }
                Draw::Squares(squares) => {
                    let id = surface.start_tagged(ContentTag::Other);
                    let mut path = PathBuilder::new();
                    for (x, y, side) in squares {
                        if let Some(r) = Rect::from_xywh(*x, *y, *side, *side) {
                            path.push_rect(r);
                        }
                    }
                    surface.set_fill(Some(Fill::default()));
                    if let Some(path) = path.finish() {
                        surface.draw_path(&path);
                    }
                    id
                }
            };
            surface.end_tagged();
            leaves[op.leaf].push(id);
        }
        // The footer repeats on every page: an artifact, not content.
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Footer,
        )));
        let size = layout::FOOTER_SIZE;
        let mut y = layout::BODY_BOTTOM + 30.0;
        for line in faces.wrap(footer, Weight::Regular, size, layout::BODY_WIDTH) {
            draw_text(
                &mut surface,
                regular.clone(),
                layout::MARGIN_X,
                y,
                size,
                &line,
            );
            y += size * 1.3;
        }
        let number = format!("Pagina {} van {}", n + 1, total);
        let width = faces.width(&number, Weight::Regular, size);
        draw_text(
            &mut surface,
            regular.clone(),
            layout::PAGE_WIDTH - layout::MARGIN_X - width,
            y,
            size,
            &number,
        );
        surface.end_tagged();
        surface.finish();
        page.finish();
    }

    pdf.set_tag_tree(tag_tree(laid, &mut leaves));
    pdf.set_outline(outline(laid));
    // Moved, not copied: the evidence can be hundreds of megabytes.
    for a in doc.attachments {
        let mime =
            MimeType::new(&a.media_type).ok_or_else(|| PdfError::MediaType(a.name.clone()))?;
        pdf.embed_file(EmbeddedFile {
            path: a.name.clone(),
            mime_type: Some(mime),
            description: Some(a.description),
            // The evidence is what the dossier is made from.
            association_kind: AssociationKind::Source,
            data: a.bytes.into(),
            modification_date: Some(date),
            compress: None,
            location: None,
        })
        .ok_or_else(|| PdfError::DuplicateAttachment(a.name.clone()))?;
    }
    pdf.finish().map_err(|e| match e {
        krilla::error::KrillaError::Validation(errors) => PdfError::Write(format!(
            "{ARCHIVAL} validation: {:?}",
            errors.iter().map(|(e, _)| e).collect::<Vec<_>>()
        )),
        other => PdfError::Write(other.to_string()),
    })
}

fn draw_text(surface: &mut Surface<'_>, font: Font, x: f32, y: f32, size: f32, text: &str) {
    surface.draw_text(
        Point::from_xy(x, y),
        font,
        size,
        text,
        false,
        TextDirection::Auto,
    );
}

/// Bookmarks to the headings (sections, and under them their questions),
/// so a reader finds a section in a long dossier.
fn outline(laid: &Laid) -> Outline {
    let place = |leaf: usize| {
        laid.pages.iter().enumerate().find_map(|(page, ops)| {
            ops.iter()
                .find(|op| op.leaf == leaf)
                .map(|op| match op.draw {
                    Draw::Text { x, y, size, .. } => (page, Point::from_xy(x, y - size)),
                    Draw::Squares(_) => (page, Point::from_xy(0.0, 0.0)),
                })
        })
    };
    let mut outline = Outline::new();
    let mut section: Option<OutlineNode> = None;
    for s in &laid.structure {
        let Structure::Heading { level, title, leaf } = s else {
            continue;
        };
        let Some((page, point)) = place(*leaf) else {
            continue;
        };
        let node = OutlineNode::new(title.clone(), XyzDestination::new(page, point));
        match (level, section.as_mut()) {
            (1, _) => {}
            (2, _) => {
                if let Some(done) = section.replace(node) {
                    outline.push_child(done);
                }
            }
            (_, Some(parent)) => parent.push_child(node),
            (_, None) => outline.push_child(node),
        }
    }
    if let Some(done) = section {
        outline.push_child(done);
    }
    outline
}

fn group(tag: impl Into<krilla::tagging::TagKind>, ids: &mut Vec<Identifier>) -> TagGroup {
    let mut g = TagGroup::new(tag);
    for id in ids.drain(..) {
        g.push(id);
    }
    g
}

fn tag_tree(laid: &Laid, leaves: &mut [Vec<Identifier>]) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some("nl".to_string()));
    for s in &laid.structure {
        match s {
            Structure::Heading { level, title, leaf } => {
                let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
                tree.push(group(
                    Tag::Hn(level, Some(title.clone())),
                    &mut leaves[*leaf],
                ));
            }
            Structure::Paragraph { leaf } => tree.push(group(Tag::P, &mut leaves[*leaf])),
            Structure::Table { rows } => {
                let mut table = TagGroup::new(Tag::Table);
                for (k, v) in rows {
                    let mut tr = TagGroup::new(Tag::TR);
                    tr.push(group(Tag::TH(TableHeaderScope::Row), &mut leaves[*k]));
                    tr.push(group(Tag::TD, &mut leaves[*v]));
                    table.push(tr);
                }
                tree.push(table);
            }
            Structure::Figure { alt, leaf } => {
                tree.push(group(Tag::Figure(Some(alt.clone())), &mut leaves[*leaf]));
            }
        }
    }
    tree
}

#[cfg(test)]
mod tests;
