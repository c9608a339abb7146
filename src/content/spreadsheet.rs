//! The spreadsheets a coordinator keeps, as a spreadsheet program exports them: UTF-8 with or
//! without its BOM, or Windows-1252; `,`, `;` or tab between the fields; French headers in any
//! case, with or without accents. The mailing lists and the directory read them alike.

use crate::error::{Diagnostic, LineIndex};
use crate::search::analysis::fold;

/// Decodes a spreadsheet file: UTF-8 (BOM removed) or, failing that, Windows-1252 as older
/// spreadsheet exports write it.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The field separator of a file whose first line is `first`: the most frequent of `;`, `,`
/// and tab.
pub fn delimiter(first: &str) -> u8 {
    [b';', b',', b'\t'].into_iter().max_by_key(|d| first.matches(*d as char).count()).unwrap_or(b',')
}

/// A header as compared: lower case, no accents, `_` and `.` as spaces, spaces single
/// (`Vérifié_le` → `verifie le`).
pub fn header(h: &str) -> String {
    fold(h.trim()).replace(['_', '.'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A spreadsheet read: its headers (as [`header`] writes them) and its rows with their line.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub text: String,
    pub headers: Vec<String>,
    /// The header line as written, for messages.
    pub first_line: String,
    pub rows: Vec<Row>,
    /// Rows the CSV reader could not read: their line and why.
    pub unreadable: Vec<(usize, String)>,
    /// Where each line of `text` starts: a row's line is found without reading the file again
    /// (a list of thousands of rows may have as many messages).
    starts: Vec<usize>,
}

/// One row, with its line in the file (from 1).
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<String>,
}

impl Table {
    /// Reads `bytes`; `Err` when not even the headers can be read.
    pub fn read(bytes: &[u8]) -> Result<Table, String> {
        let text = decode(bytes);
        let first_line = text.lines().next().unwrap_or("").to_owned();
        let mut reader =
            csv::ReaderBuilder::new().delimiter(delimiter(&first_line)).flexible(true).from_reader(text.as_bytes());
        let headers: Vec<String> = reader.headers().map_err(|e| e.to_string())?.iter().map(header).collect();
        // csv places a record at the end of the line before it (on its `\n` after a `\r`): the
        // line is found from the first byte past the line break.
        let lines = LineIndex::new(&text);
        let starts = lines.starts().to_vec();
        let line_of = |p: Option<&csv::Position>| {
            p.map_or(0, |p| {
                let start = p.byte() as usize;
                let skip = text.get(start..).map_or(0, |rest| rest.len() - rest.trim_start_matches(['\r', '\n']).len());
                lines.locate(start + skip).0
            })
        };
        let mut rows = Vec::new();
        let mut unreadable = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) if r.iter().all(|f| f.trim().is_empty()) => {}
                Ok(r) => rows
                    .push(Row { line: line_of(r.position()), fields: r.iter().map(|f| f.trim().to_owned()).collect() }),
                Err(e) => unreadable.push((line_of(e.position()), e.to_string())),
            }
        }
        Ok(Table { headers, first_line, rows, unreadable, text, starts })
    }

    /// The column whose header is one of `names` (as [`header`] writes them).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.headers.iter().position(|h| names.contains(&h.as_str()))
    }

    /// Line `n` (from 1) as written, without its line break; `None` past the end.
    pub fn line(&self, n: usize) -> Option<&str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |next| next - 1);
        self.text.get(start..end).map(|l| l.strip_suffix('\r').unwrap_or(l))
    }

    /// `d` placed on line `line`, under `value` where the line writes it (at its start when
    /// `value` is empty or not found).
    pub fn at(&self, d: Diagnostic, line: usize, value: &str) -> Diagnostic {
        let source = self.line(line);
        let column = source
            .filter(|_| !value.is_empty())
            .and_then(|l| l.find(value).map(|c| l[..c].chars().count() + 1))
            .unwrap_or(1);
        d.at_line(line, source, column, value.chars().count())
    }
}

impl Row {
    /// The field of column `i`, when it has one and it is not empty.
    pub fn get(&self, i: Option<usize>) -> Option<&str> {
        i.and_then(|i| self.fields.get(i)).map(String::as_str).filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheet_export_is_read_with_its_lines() {
        let t = Table::read(
            b"\xEF\xBB\xBFStructure;T\xc3\xa9l\xc3\xa9phone\r\nLabo;01 30 22 40 00\r\n;\r\n\"MSP\r\nde Meulan\";02\r\n",
        )
        .unwrap();
        assert_eq!(t.headers, ["structure", "telephone"]);
        assert_eq!(t.rows.len(), 2, "the empty row is skipped");
        assert_eq!((t.rows[0].line, t.rows[0].get(Some(1))), (2, Some("01 30 22 40 00")));
        assert_eq!(t.rows[1].line, 4);
        let cp1252 = Table::read(b"Commune,Remarques\nMeulan,Ferm\xe9 le lundi\n").unwrap();
        assert_eq!(cp1252.rows[0].get(Some(1)), Some("Fermé le lundi"));
        let d = cp1252.at(Diagnostic::error("x"), 2, "Ferm");
        assert_eq!((d.line, d.column, d.span), (2, 8, 4));
        assert_eq!(d.source_line.as_deref(), Some("Meulan,Fermé le lundi"));
    }

    #[test]
    fn lines_are_found_as_written_whatever_the_line_breaks() {
        let t = Table::read(b"Nom;Commune\r\nLabo;Meulan\nMSP;Vernay").unwrap();
        assert_eq!(
            [1, 2, 3, 4].map(|n| t.line(n)),
            [Some("Nom;Commune"), Some("Labo;Meulan"), Some("MSP;Vernay"), None]
        );
        assert_eq!(t.line(0), None);
        let d = t.at(Diagnostic::warning("x"), 3, "Absent");
        assert_eq!((d.column, d.span, d.source_line.as_deref()), (1, 6, Some("MSP;Vernay")));
    }

    #[test]
    fn headers_are_recognised_in_any_case_and_accent() {
        assert_eq!(header(" Adresse  Mail "), "adresse mail");
        assert_eq!(header("Prénom"), "prenom");
        assert_eq!(header("E-Mail"), "e-mail");
        assert_eq!(header("Vérifié_le"), "verifie le");
        assert_eq!(decode(b"Pr\xe9nom;Courriel\r\n"), "Prénom;Courriel\r\n");
        assert_eq!(decode(b"\xEF\xBB\xBFemail\n"), "email\n");
    }
}
