//! Images pasted or dropped into the editor, stored in the vault's `attachments/` folder.
//!
//! Only raster images the preview can show are taken (PNG, JPEG, GIF, WebP, recognised by
//! their first bytes, never by a name or a MIME type the sender claims), up to the preview's
//! size cap. A file is never overwritten: a taken name gets `-2`, `-3`… and the file is
//! created with an atomic no-clobber rename.

use std::io;

use chrono::NaiveDateTime;

use crate::render::MAX_INLINE_IMAGE_BYTES;
use crate::vault::{Vault, VaultError};

/// The vault folder attachments go to.
pub const FOLDER: &str = "attachments";
/// Longest file name stem kept from the name the image came with.
const MAX_STEM_CHARS: usize = 60;

#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("the file is empty")]
    Empty,
    #[error("not an image the preview can show (PNG, JPEG, GIF or WebP)")]
    NotAnImage,
    #[error("the image is {size} bytes; attachments are limited to {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("{path}: {source}")]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// An image written to the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Vault-relative path (`attachments/…`).
    pub path: String,
    /// The path relative to the runbook's folder, ready to put in `![](…)`.
    pub link: String,
}

/// The file extension for an image recognised by its first bytes.
pub fn image_extension(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// The file name stem for an image: the name it came with, made safe for a path and a link,
/// or, when it has none or only a generic one ("image.png" is what a pasted screenshot is
/// called), the runbook's name and the time.
pub fn file_stem(hint: Option<&str>, runbook: &str, now: NaiveDateTime) -> String {
    let hint_stem = hint
        .map(|h| h.rsplit(['/', '\\']).next().unwrap_or(h))
        .map(|h| h.rsplit_once('.').map_or(h, |(stem, _)| stem))
        .map(sanitize)
        .filter(|s| !s.is_empty() && !is_generic(s));
    hint_stem.unwrap_or_else(|| {
        let doc = runbook.rsplit('/').next().unwrap_or(runbook);
        let doc = sanitize(doc.strip_suffix(".md").unwrap_or(doc));
        let time = now.format("%Y%m%d-%H%M%S");
        if doc.is_empty() {
            format!("image-{time}")
        } else {
            format!("{doc}-{time}")
        }
    })
}

fn is_generic(stem: &str) -> bool {
    ["image", "img", "clipboard", "pasted", "unknown", "blob"]
        .iter()
        .any(|g| stem.eq_ignore_ascii_case(g))
}

/// Letters and digits of any script, `-`, `_` and inner dots are kept; anything else (spaces,
/// slashes, brackets, `%`, control characters) becomes one `-`.
fn sanitize(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out
        .trim_matches(|c| c == '-' || c == '.')
        .chars()
        .take(MAX_STEM_CHARS)
        .collect();
    trimmed.trim_end_matches(['-', '.']).to_string()
}

/// Writes `bytes` to `attachments/` under a free name and returns where, and the link to it
/// from `runbook` (a vault-relative `.md` path, checked by the caller).
pub fn store(
    vault: &Vault,
    runbook: &str,
    hint: Option<&str>,
    bytes: &[u8],
    now: NaiveDateTime,
) -> Result<Stored, AttachmentError> {
    if bytes.is_empty() {
        return Err(AttachmentError::Empty);
    }
    if bytes.len() > MAX_INLINE_IMAGE_BYTES {
        return Err(AttachmentError::TooLarge {
            size: bytes.len(),
            max: MAX_INLINE_IMAGE_BYTES,
        });
    }
    let ext = image_extension(bytes).ok_or(AttachmentError::NotAnImage)?;
    let stem = file_stem(hint, runbook, now);
    let (folder, folder_abs) = vault.resolve(FOLDER)?;
    std::fs::create_dir_all(&folder_abs).map_err(|source| AttachmentError::Write {
        path: folder.clone(),
        source,
    })?;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        // Resolved again for each name, so a symlink planted in the folder cannot lead out.
        let (path, abs) = vault.resolve(&format!("{folder}/{name}"))?;
        match crate::store::write_new_atomic(&abs, bytes) {
            Ok(()) => {
                let link = crate::relink::link_to(runbook, &path);
                return Ok(Stored { path, link });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(AttachmentError::Write { path, source }),
        }
    }
    Err(AttachmentError::Write {
        path: format!("{folder}/{stem}.{ext}"),
        source: io::Error::new(io::ErrorKind::AlreadyExists, "no free file name"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 4)
            .expect("test")
            .and_hms_opt(9, 5, 7)
            .expect("test")
    }

    fn vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().expect("test");
        std::fs::create_dir_all(dir.path().join("printers")).expect("test");
        let v = Vault::open(dir.path()).expect("test");
        (dir, v)
    }

    #[test]
    fn recognises_images_by_their_bytes_only() {
        assert_eq!(image_extension(PNG), Some("png"));
        assert_eq!(image_extension(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
        assert_eq!(image_extension(b"GIF89a...."), Some("gif"));
        assert_eq!(image_extension(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(image_extension(b"<svg onload=alert(1)>"), None);
        assert_eq!(image_extension(b"%PDF-1.7"), None);
        assert_eq!(image_extension(b""), None);
    }

    #[test]
    fn names_come_from_the_file_or_the_runbook_and_the_time() {
        let rb = "printers/mfp-paper-jam.md";
        assert_eq!(
            file_stem(Some("エラー画面 (1).PNG"), rb, now()),
            "エラー画面-1"
        );
        assert_eq!(file_stem(Some("../../etc/passwd"), rb, now()), "passwd");
        assert_eq!(file_stem(Some("C:\\Users\\a\\写真.jpg"), rb, now()), "写真");
        assert_eq!(
            file_stem(Some("image.png"), rb, now()),
            "mfp-paper-jam-20261204-090507"
        );
        assert_eq!(file_stem(None, rb, now()), "mfp-paper-jam-20261204-090507");
        assert_eq!(
            file_stem(Some("%%%.png"), "a b.md", now()),
            "a-b-20261204-090507"
        );
        assert_eq!(file_stem(None, "%.md", now()), "image-20261204-090507");
        assert!(
            file_stem(Some(&"長".repeat(200)), rb, now())
                .chars()
                .count()
                <= MAX_STEM_CHARS
        );
    }

    #[test]
    fn stores_under_a_free_name_and_links_from_the_runbook() {
        let (dir, v) = vault();
        let first = store(
            &v,
            "printers/mfp-paper-jam.md",
            Some("紙詰まり.png"),
            PNG,
            now(),
        )
        .expect("test");
        assert_eq!(first.path, "attachments/紙詰まり.png");
        assert_eq!(first.link, "../attachments/紙詰まり.png");
        let second = store(
            &v,
            "printers/mfp-paper-jam.md",
            Some("紙詰まり.png"),
            b"\x89PNG\r\n\x1a\nother",
            now(),
        )
        .expect("test");
        assert_eq!(second.path, "attachments/紙詰まり-2.png");
        // The first file is untouched.
        assert_eq!(
            std::fs::read(dir.path().join("attachments/紙詰まり.png")).expect("test"),
            PNG
        );
        let top = store(&v, "start here.md", None, PNG, now()).expect("test");
        assert_eq!(top.path, "attachments/start-here-20261204-090507.png");
        assert_eq!(top.link, "attachments/start-here-20261204-090507.png");
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("attachments"))
            .expect("test")
            .map(|e| e.expect("test").file_name().into_string().expect("test"))
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }

    #[test]
    fn refuses_what_is_not_a_small_image_and_writes_nothing() {
        let (dir, v) = vault();
        let rb = "printers/mfp-paper-jam.md";
        assert!(matches!(
            store(&v, rb, None, b"", now()),
            Err(AttachmentError::Empty)
        ));
        assert!(matches!(
            store(&v, rb, Some("x.png"), b"<svg onload=alert(1)>", now()),
            Err(AttachmentError::NotAnImage)
        ));
        let mut huge = PNG.to_vec();
        huge.resize(MAX_INLINE_IMAGE_BYTES + 1, 0);
        assert!(matches!(
            store(&v, rb, None, &huge, now()),
            Err(AttachmentError::TooLarge { .. })
        ));
        assert!(!dir.path().join("attachments").exists());
    }

    #[cfg(unix)]
    #[test]
    fn an_attachments_symlink_out_of_the_vault_is_refused() {
        let (dir, v) = vault();
        let outside = tempfile::tempdir().expect("test");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("attachments")).expect("test");
        let err = store(&v, "a.md", None, PNG, now()).expect_err("refused");
        assert!(
            matches!(err, AttachmentError::Vault(VaultError::OutsideVault(_))),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(outside.path()).expect("test").count(), 0);
    }
}
