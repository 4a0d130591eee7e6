//! Evidence files: which bytes are accepted and how much may be stored.
//!
//! The type of a file is decided from its first bytes ([`sniff`], with the
//! `infer` crate's magic-number matchers), never from its name or the
//! `Content-Type` a browser guessed: an HTML page renamed `.pdf` is refused,
//! a PDF renamed `.jpg` is a PDF. The server decides with this; the browser
//! uses the same function to refuse a file at once, before it is queued.

use serde::{Deserialize, Serialize};

/// The most one file may be (20 MiB): a scanned diploma or a phone photo
/// fits many times over, a video does not.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// The most all files of one portfolio may be together (250 MiB): about a
/// hundred pieces of evidence of a few MB each, with room to spare.
pub const PORTFOLIO_BUDGET_BYTES: u64 = 250 * 1024 * 1024;

/// How many leading bytes [`sniff`] needs. An office document is a ZIP
/// whose type shows in its first entries' names, which can sit a few KB
/// into the file.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// Unreferenced files (no evidence row names them) are removed after this
/// many seconds (30 days): long enough to undo a removal on another device.
pub const UNREFERENCED_GRACE_SECONDS: i64 = 30 * 24 * 60 * 60;

/// Photos bigger than this are re-encoded in the browser before they are
/// kept (2 MB), to at most [`MAX_PHOTO_EDGE_PX`] on the long side.
pub const PHOTO_REENCODE_ABOVE_BYTES: u64 = 2_000_000;
pub const MAX_PHOTO_EDGE_PX: u32 = 2400;

/// What the file inputs offer (the server still decides from the bytes).
pub const ACCEPT: &str = "application/pdf,.pdf,image/jpeg,image/png,image/webp,image/heic,\
     image/heif,.heic,.docx,.odt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,\
     application/vnd.oasis.opendocument.text";

/// The kinds of evidence accepted.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
    Heic,
    Webp,
    Docx,
    Odt,
}

impl FileType {
    pub const ALL: [FileType; 7] = [
        FileType::Pdf,
        FileType::Jpeg,
        FileType::Png,
        FileType::Heic,
        FileType::Webp,
        FileType::Docx,
        FileType::Odt,
    ];

    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Heic => "image/heic",
            FileType::Webp => "image/webp",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Odt => "application/vnd.oasis.opendocument.text",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<FileType> {
        FileType::ALL
            .into_iter()
            .find(|t| t.media_type() == media_type)
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Heic => "heic",
            FileType::Webp => "webp",
            FileType::Docx => "docx",
            FileType::Odt => "odt",
        }
    }

    /// Whether browsers can show it as an `<img>` (a thumbnail). HEIC is a
    /// photo too, but most browsers cannot draw it.
    pub fn shows_inline(self) -> bool {
        matches!(self, FileType::Jpeg | FileType::Png | FileType::Webp)
    }

    pub fn is_photo(self) -> bool {
        matches!(
            self,
            FileType::Jpeg | FileType::Png | FileType::Webp | FileType::Heic
        )
    }
}

/// The type of a file from its first bytes (at least [`SNIFF_BYTES`] of
/// them when the file is that long), or `None` when it is none of the
/// accepted kinds.
pub fn sniff(head: &[u8]) -> Option<FileType> {
    use infer::{archive, doc, image, odf};
    if archive::is_pdf(head) {
        Some(FileType::Pdf)
    } else if image::is_jpeg(head) {
        Some(FileType::Jpeg)
    } else if image::is_png(head) {
        Some(FileType::Png)
    } else if image::is_webp(head) {
        Some(FileType::Webp)
    } else if image::is_heif(head) {
        Some(FileType::Heic)
    } else if doc::is_docx(head) {
        Some(FileType::Docx)
    } else if odf::is_odt(head) {
        Some(FileType::Odt)
    } else {
        None
    }
}

/// The name a download gets: the person's name for the file without path
/// parts or control characters, at most 120 characters, with the type's
/// extension added when the name has another (a PDF named `diploma.jpg`
/// downloads as `diploma.jpg.pdf`, so it opens in the right program).
pub fn download_name(name: &str, file_type: FileType) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    let clean = if clean.is_empty() {
        "bewijsstuk".to_string()
    } else {
        clean
    };
    let ext = file_type.extension();
    let has_ext = clean
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .is_some_and(|e| {
            e == ext
                || (file_type == FileType::Jpeg && e == "jpeg")
                || (file_type == FileType::Heic && e == "heif")
        });
    if has_ext {
        clean
    } else {
        format!("{clean}.{ext}")
    }
}

/// "1,4 MB", "320 kB", "12 bytes": sizes as the Dutch UI shows them, in
/// units of 1024 as phones and computers count them (so the 20 MiB limit
/// reads "20 MB", as the person's file manager would show it).
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        let tenths = (bytes * 10 + MB / 2) / MB;
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{},{} MB", tenths / 10, tenths % 10)
        }
    } else if bytes >= KB {
        format!("{} kB", (bytes + KB / 2) / KB)
    } else if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];

    #[test]
    fn types_come_from_the_bytes_not_the_name() {
        assert_eq!(sniff(PDF), Some(FileType::Pdf));
        assert_eq!(sniff(PNG), Some(FileType::Png));
        assert_eq!(sniff(JPEG), Some(FileType::Jpeg));
        let webp = b"RIFF\x24\0\0\0WEBPVP8 ";
        assert_eq!(sniff(webp), Some(FileType::Webp));
        let mut heic = vec![0, 0, 0, 24];
        heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        assert_eq!(sniff(&heic), Some(FileType::Heic));
        for refused in [
            &b"<!DOCTYPE html><html><script>alert(1)</script></html>"[..],
            b"GIF89a\x01\0\x01\0",
            b"PK\x03\x04 just some zip",
            b"",
            b"plain text",
        ] {
            assert_eq!(
                sniff(refused),
                None,
                "{:?}",
                String::from_utf8_lossy(refused)
            );
        }
    }

    #[test]
    fn media_types_round_trip() {
        for t in FileType::ALL {
            assert_eq!(FileType::from_media_type(t.media_type()), Some(t));
        }
        assert_eq!(FileType::from_media_type("text/html"), None);
    }

    #[test]
    fn download_names_are_clean_and_carry_the_real_extension() {
        assert_eq!(download_name("diploma.pdf", FileType::Pdf), "diploma.pdf");
        assert_eq!(
            download_name("diploma.jpg", FileType::Pdf),
            "diploma.jpg.pdf"
        );
        assert_eq!(download_name("Foto.JPEG", FileType::Jpeg), "Foto.JPEG");
        assert_eq!(
            download_name("../../etc/passwd", FileType::Pdf),
            "passwd.pdf"
        );
        assert_eq!(download_name("C:\\x\\cv.docx", FileType::Docx), "cv.docx");
        assert_eq!(download_name("a\nb\r\".pdf", FileType::Pdf), "ab\".pdf");
        assert_eq!(download_name("", FileType::Png), "bewijsstuk.png");
        assert_eq!(download_name("...", FileType::Png), "bewijsstuk.png");
        assert_eq!(
            download_name(&"é".repeat(300), FileType::Odt)
                .chars()
                .count(),
            124
        );
    }

    #[test]
    fn sizes_read_as_in_dutch() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(1023), "1023 bytes");
        assert_eq!(human_size(1_535), "1 kB");
        assert_eq!(human_size(320 * 1024), "320 kB");
        assert_eq!(human_size(1_468_006), "1,4 MB");
        assert_eq!(human_size(MAX_FILE_BYTES), "20 MB");
        assert_eq!(human_size(PORTFOLIO_BUDGET_BYTES), "250 MB");
    }

    proptest! {
        /// Whatever bytes arrive, sniffing answers (never panics), and text
        /// that does not start with a signature is never accepted.
        #[test]
        fn sniffing_never_panics_and_refuses_text(bytes in prop::collection::vec(any::<u8>(), 0..2048),
                                                   text in "[ -~]{0,200}") {
            let _ = sniff(&bytes);
            prop_assume!(!text.contains("%PDF"));
            prop_assert_eq!(sniff(text.as_bytes()), None);
        }
    }
}
