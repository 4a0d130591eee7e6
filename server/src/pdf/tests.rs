use super::layout::{lay_out, Block, Draw, Faces, Structure, Weight, BODY_BOTTOM, BODY_WIDTH};
use super::*;

fn faces() -> Faces<'static> {
    Faces {
        regular: ttf_parser::Face::parse(REGULAR, 0).unwrap(),
        bold: ttf_parser::Face::parse(BOLD, 0).unwrap(),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

const LOREM: &str = "Een jobcoach begeleidt werknemers met een arbeidsbeperking op de \
    werkplek, in overleg met de werkgever, en rapporteert conform de AVG.";

#[test]
fn a_document_is_written_as_tagged_pdf_a_3a_with_its_attachments() {
    let mut doc = Document::new("Portfolio van Carla", "Manifest SHA-256: abc123");
    doc.heading("A1 Intake");
    doc.paragraph(LOREM);
    doc.key_values(&[("Naam", "Carla Kandidaat"), ("Route", "EVC")]);
    doc.qr("https://example.nl/register/RJ-2026-00001");
    doc.attach(Attachment {
        name: "bewijs.txt".into(),
        media_type: "text/plain".into(),
        bytes: b"hallo".to_vec(),
        description: "Bewijsstuk".into(),
    });
    let pdf = doc.finish().unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"));
    // The XMP metadata (uncompressed, as PDF/A requires it readable).
    assert!(contains(&pdf, b"<pdfaid:part>3</pdfaid:part>"));
    assert!(contains(
        &pdf,
        b"<pdfaid:conformance>A</pdfaid:conformance>"
    ));
    assert!(contains(&pdf, b"Portfolio van Carla"));
    assert!(contains(&pdf, b"/StructTreeRoot"));
    assert!(contains(&pdf, b"/AFRelationship"));
    assert!(contains(&pdf, b"/Outlines"));
    assert!(contains(&pdf, b"bewijs.txt"));
}

#[test]
fn the_names_the_other_callers_use_build_a_pdf() {
    let mut doc = Document::new("PE-verklaring", "Register Jobcoach");
    doc.heading("Gegevens");
    doc.key_values(&[("Naam", "Carla"), ("Punten", "")]);
    doc.paragraph("");
    assert!(doc.finish().unwrap().starts_with(b"%PDF"));
}

#[test]
fn attachments_need_a_media_type_and_a_name_of_their_own() {
    let file = |name: &str, media_type: &str| Attachment {
        name: name.into(),
        media_type: media_type.into(),
        bytes: vec![1, 2, 3],
        description: "x".into(),
    };
    let mut doc = Document::new("T", "F");
    doc.attach(file("a.bin", "no media type"));
    assert!(matches!(doc.finish(), Err(PdfError::MediaType(_))));
    let mut doc = Document::new("T", "F");
    doc.attach(file("a.bin", "application/octet-stream"));
    doc.attach(file("a.bin", "application/octet-stream"));
    assert!(matches!(
        doc.finish(),
        Err(PdfError::DuplicateAttachment(_))
    ));
}

#[test]
fn text_the_font_cannot_draw_still_makes_a_valid_pdf() {
    let mut doc = Document::new("Emoji 🙂 en \u{e000}", "tab\there");
    doc.paragraph("Een bel \u{7} en een smiley 🙂, een zachte\u{ad}streep, \u{feff}");
    doc.finish().unwrap();
    let f = faces();
    assert_eq!(f.drawable("a🙂\tb\u{7}"), "a? b ");
}

#[test]
fn lines_fit_the_body_and_keep_every_word() {
    let f = faces();
    let long = format!("{LOREM} {}", "x".repeat(300));
    let lines = f.wrap(&long, Weight::Regular, 10.0, BODY_WIDTH);
    assert!(lines.len() > 3);
    for line in &lines {
        assert!(f.width(line, Weight::Regular, 10.0) <= BODY_WIDTH, "{line}");
    }
    assert_eq!(lines.concat().replace(' ', ""), long.replace(' ', ""));
    assert_eq!(
        f.wrap("a\n\nb", Weight::Regular, 10.0, 100.0),
        ["a", "", "b"]
    );
}

fn heading_leaves(structure: &[Structure]) -> Vec<usize> {
    structure
        .iter()
        .filter_map(|s| match s {
            Structure::Heading { leaf, .. } => Some(*leaf),
            _ => None,
        })
        .collect()
}

#[test]
fn long_content_breaks_into_pages_and_no_page_ends_with_a_heading() {
    let f = faces();
    // Headings at every possible height on the page: paragraphs of
    // different lengths between them.
    let mut blocks = vec![Block::Heading {
        level: 1,
        text: "Titel".into(),
    }];
    for i in 0..60 {
        blocks.push(Block::Heading {
            level: 2,
            text: format!("Sectie {i}"),
        });
        blocks.push(Block::Heading {
            level: 3,
            text: format!("Vraag {i}"),
        });
        blocks.push(Block::Paragraph(LOREM.repeat(1 + i % 4)));
    }
    let laid = lay_out(&f, &blocks);
    assert!(laid.pages.len() > 3, "{} pages", laid.pages.len());
    let headings = heading_leaves(&laid.structure);
    for (n, page) in laid.pages.iter().enumerate() {
        let last = page.last().expect("no empty pages");
        assert!(
            !headings.contains(&last.leaf),
            "page {} ends with a heading",
            n + 1
        );
        for op in page {
            if let Draw::Text { y, .. } = op.draw {
                assert!(y <= BODY_BOTTOM, "page {}: text below the body", n + 1);
            }
        }
    }
}

#[test]
fn every_page_has_its_number_and_the_footer() {
    let mut doc = Document::new("Lang", "Manifest SHA-256: feed");
    for _ in 0..80 {
        doc.paragraph(LOREM);
    }
    let laid_pages = {
        let f = faces();
        lay_out(&f, &doc.blocks).pages.len()
    };
    assert!(laid_pages >= 2);
    doc.finish().unwrap();
}

#[test]
fn a_qr_code_is_squares_and_its_url() {
    let mut doc = Document::new("Certificaat", "F");
    doc.qr("https://example.nl/register/RJ-2026-00001");
    let laid = lay_out(&faces(), &doc.blocks);
    let squares = laid.pages[0].iter().find_map(|op| match &op.draw {
        Draw::Squares(s) => Some(s.len()),
        _ => None,
    });
    assert!(squares.is_some_and(|n| n > 100));
    assert!(laid
        .structure
        .iter()
        .any(|s| matches!(s, Structure::Figure { alt, .. } if alt.contains("RJ-2026-00001"))));
}
