//! Diagnostics: every problem found in a run, with its file, line, column and source line,
//! collected in one place and printed the same way (colour on a terminal, plain or JSON otherwise).

use crate::i18n::{self, msg};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors fail the command, warnings are only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, optionally located in a file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Path as shown to the user (relative to the site root when possible).
    pub file: Option<PathBuf>,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// How many characters the caret underlines (at least 1).
    #[serde(skip)]
    pub span: usize,
    /// The offending line, verbatim.
    pub source_line: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message.into())
    }

    /// A new warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message.into())
    }

    fn new(severity: Severity, message: String) -> Self {
        Diagnostic { severity, message, file: None, line: 0, column: 0, span: 1, source_line: None, help: None }
    }

    /// Names the file the problem is in.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Places the problem at `line`:`column` of `text` (the file's content), underlining
    /// `span` characters; the offending line is copied from `text`.
    pub fn at(self, text: &str, line: usize, column: usize, span: usize) -> Self {
        self.at_line(line, text.lines().nth(line.saturating_sub(1)), column, span)
    }

    /// Like [`Diagnostic::at`], given the offending line itself (`None` past the end): for a
    /// caller that has the file's lines at hand, as a spreadsheet with thousands of rows does.
    pub fn at_line(mut self, line: usize, source_line: Option<&str>, column: usize, span: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.span = span.max(1);
        self.source_line = source_line.map(str::to_owned);
        self
    }

    /// Adds a hint shown under the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as text, rustc-style, with ANSI colours when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_owned()
            }
        };
        let (label, code) = match self.severity {
            Severity::Error => (msg::error_label(), "1;31"),
            Severity::Warning => (msg::warning_label(), "1;33"),
        };
        let mut out = format!("{}{}\n", paint(code, &label), paint("1", &format!(" {}", self.message)));
        if let Some(file) = &self.file {
            let place = match self.line {
                0 => file.display().to_string(),
                l => format!("{}:{}:{}", file.display(), l, self.column),
            };
            let width = self.line.to_string().len();
            let pad = " ".repeat(width);
            let _ = writeln!(out, "{pad}{} {place}", paint("1;34", "-->"));
            if let Some(src) = &self.source_line {
                let bar = paint("1;34", "|");
                let shown = src.replace('\t', " ");
                let caret_pad = " ".repeat(self.column.saturating_sub(1));
                let carets = "^".repeat(self.span);
                let _ = writeln!(out, "{pad} {bar}");
                let _ = writeln!(out, "{} {bar} {shown}", paint("1;34", &self.line.to_string()));
                let _ = writeln!(out, "{pad} {bar} {caret_pad}{}", paint(code, &carets));
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = {} {help}", paint("1", &msg::help_label()));
        }
        out
    }
}

/// Every diagnostic of a run, in the order found.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Orders by file, then position, errors before warnings at the same place, so that
    /// parallel work reports in a stable order.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity)));
    }

    /// All diagnostics as text, followed by a count line.
    pub fn render(&self, color: bool, max_warnings: Option<usize>) -> String {
        let mut out = String::new();
        let mut shown_warnings = 0;
        for d in &self.0 {
            if !d.is_error() {
                shown_warnings += 1;
                if max_warnings.is_some_and(|m| shown_warnings > m) {
                    continue;
                }
            }
            out.push_str(&d.render(color));
            out.push('\n');
        }
        let (e, w) = (self.error_count(), self.warning_count());
        if let Some(m) = max_warnings.filter(|m| w > *m) {
            let _ = writeln!(out, "{}", msg::more_warnings(i18n::number(w - m)));
        }
        if e > 0 || w > 0 {
            let errors = i18n::plural(e, msg::errors_one, msg::errors_many);
            let _ = writeln!(out, "{errors}, {}", i18n::plural(w, msg::warnings_one, msg::warnings_many));
        }
        out
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// Maps byte offsets of a text to 1-based line and column (in characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The byte offset where each line starts, the first line's (0) first.
    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// Line and column of byte `offset` (clamped to the text).
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line + 1, column)
    }
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets_in_characters() {
        let idx = LineIndex::new("ab\nçé x\n");
        assert_eq!(idx.locate(0), (1, 1));
        assert_eq!(idx.locate(3), (2, 1));
        assert_eq!(idx.locate(3 + "çé ".len()), (2, 4));
    }

    #[test]
    fn renders_file_line_column_and_caret() {
        let d = Diagnostic::error("unknown field `titel`")
            .in_file("content/pages/a.md")
            .at("---\ntitel: A\n", 2, 1, 5)
            .with_help("did you mean `title`?");
        let text = d.render(false);
        assert!(text.contains("--> content/pages/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel: A"), "{text}");
        assert!(text.contains("  | ^^^^^"), "{text}");
        assert!(text.contains("did you mean `title`?"), "{text}");
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(did_you_mean("titel", ["title", "summary"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "summary"]), None);
    }
}
