//! Reading one source file: UTF-8 check (with the place of the first bad byte), BOM
//! removal and line-ending normalisation, so that every later stage sees clean `\n` text.

use crate::error::{Diagnostic, LineIndex};
use crate::i18n::msg;
use std::path::{Path, PathBuf};

/// A text file of the site, as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute (or root-joined) path on disk.
    pub path: PathBuf,
    /// Path relative to the site root, for messages.
    pub rel: PathBuf,
    /// Content without BOM, with `\n` line endings.
    pub text: String,
}

impl SourceFile {
    /// An in-memory file, for tests and generated content.
    pub fn from_text(rel: impl Into<PathBuf>, text: &str) -> Self {
        let rel = rel.into();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        SourceFile { path: rel.clone(), rel, text: normalize_line_endings(text.to_owned()) }
    }

    /// An error located at `line`:`column` of this file.
    pub fn error_at(&self, message: impl Into<String>, line: usize, column: usize, span: usize) -> Diagnostic {
        Diagnostic::error(message).in_file(&self.rel).at(&self.text, line, column, span)
    }

    /// A warning located at `line`:`column` of this file.
    pub fn warning_at(&self, message: impl Into<String>, line: usize, column: usize, span: usize) -> Diagnostic {
        Diagnostic::warning(message).in_file(&self.rel).at(&self.text, line, column, span)
    }

    /// Finds `needle` at or after line `from` and returns (line, column, length in chars),
    /// falling back to `from`:1 when it does not appear (e.g. a value written unusually).
    pub fn find_from(&self, from: usize, needle: &str) -> (usize, usize, usize) {
        for (i, l) in self.text.lines().enumerate().skip(from.saturating_sub(1)) {
            if let Some(pos) = l.find(needle) {
                return (i + 1, l[..pos].chars().count() + 1, needle.chars().count());
            }
        }
        (from.max(1), 1, 1)
    }
}

/// Reads `path`, naming it by its place under `root` in messages.
pub(crate) fn read(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::error(msg::cannot_read_file(e)).in_file(&rel))?;
    decode(rel, path.to_path_buf(), bytes)
}

/// Decodes bytes read from `path` in place; a non-UTF-8 file is an error at its first bad
/// byte.
pub(crate) fn decode(rel: PathBuf, path: PathBuf, mut bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok(SourceFile { path, rel, text: normalize_line_endings(text) }),
        Err(e) => e.into_bytes(),
    };
    let valid = std::str::from_utf8(&bytes).err().map_or(bytes.len(), |e| e.valid_up_to());
    let good = String::from_utf8_lossy(&bytes[..valid]).into_owned();
    let (line, column) = LineIndex::new(&good).locate(good.len());
    let lossy = String::from_utf8_lossy(&bytes);
    Err(Diagnostic::error(msg::not_utf8()).in_file(&rel).at(&lossy, line, column, 1).with_help(msg::not_utf8_help()))
}

/// Turns CRLF and lone CR line endings into LF; a text without CR is returned as it is.
fn normalize_line_endings(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let f = decode("a.md".into(), "a.md".into(), b"\xEF\xBB\xBF---\r\ntitle: A\r\n".to_vec()).unwrap();
        assert_eq!(f.text, "---\ntitle: A\n");
    }

    #[test]
    fn accented_text_is_kept() {
        let f = decode("a.md".into(), "a.md".into(), "titre: Café « crèche »\r\n".as_bytes().to_vec()).unwrap();
        assert_eq!(f.text, "titre: Café « crèche »\n");
    }

    #[test]
    fn a_bad_byte_far_into_a_file_is_located() {
        let mut bytes = "é\n".repeat(200).into_bytes();
        bytes.extend_from_slice(b"ab\xFF");
        let e = decode("a.md".into(), "a.md".into(), bytes).unwrap_err();
        assert_eq!((e.line, e.column), (201, 3));
    }

    #[test]
    fn non_utf8_is_located_error() {
        let e = decode("a.md".into(), "a.md".into(), b"---\ntitle: caf\xE9\n".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 11));
        assert!(e.message.contains("UTF-8"));
    }
}
