//! The directory: `content/annuaire/*.csv`, the spreadsheet of the territory's structures and
//! useful numbers the coordinator already keeps, read with the mailing lists' rules
//! ([`super::spreadsheet`]). Each row is checked where it is written: its type among
//! `directory_types`, its phone numbers and email, a structure listed twice.

use super::spreadsheet::Table;
use super::Date;
use crate::error::{did_you_mean, Diagnostic, Diagnostics};
use crate::i18n::msg;
use crate::markdown::phone;
use crate::search::analysis::fold;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The folder of the directory's spreadsheets under `content/`.
pub const FOLDER: &str = "annuaire";

const STRUCTURE: &[&str] = &["structure", "nom", "etablissement", "nom de la structure"];
const TYPE: &[&str] = &["type", "categorie", "type de structure"];
const COMMUNE: &[&str] = &["commune", "ville"];
const ADDRESS: &[&str] = &["adresse", "adresse postale"];
const PHONE: &[&str] = &["telephone", "telephones", "telephone(s)", "tel", "numero", "numeros"];
const EMAIL: &[&str] =
    &["courriel", "email", "e-mail", "mail", "adresse mail", "adresse e-mail", "adresse electronique"];
const HOURS: &[&str] = &["horaires", "heures d'ouverture", "ouverture"];
const NOTES: &[&str] = &["remarques", "remarque", "notes", "commentaire", "commentaires"];
const VERIFIED: &[&str] = &["verifie le", "verifie", "date de verification", "mis a jour le", "mise a jour"];

/// A phone number: as shown, and its `tel:` URI.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Phone {
    pub shown: String,
    pub tel: String,
}

/// One structure or number of the directory.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    pub structure: String,
    /// Its type, as `site.yaml` writes it.
    pub kind: String,
    pub commune: Option<String>,
    pub address: Option<String>,
    pub phones: Vec<Phone>,
    pub email: Option<String>,
    pub hours: Option<String>,
    pub notes: Option<String>,
    pub verified: Option<Date>,
    /// Its anchor in the directory page: the structure and the commune, slugified (a
    /// structure is listed once per commune).
    pub anchor: String,
    /// Where it is written: the file (from the site) and its line.
    #[serde(skip)]
    pub file: PathBuf,
    #[serde(skip)]
    pub line: usize,
}

/// The entries one name of an issue's `useful_numbers` designates: all those of a type, in
/// commune then structure order, or the structures of that name. Names are compared
/// without case nor accents.
pub fn select<'a>(entries: &'a [Entry], name: &str) -> Vec<&'a Entry> {
    let wanted = fold(name.trim());
    let mut of_type: Vec<&Entry> = entries.iter().filter(|e| fold(&e.kind) == wanted).collect();
    if !of_type.is_empty() {
        of_type.sort_by_cached_key(|e| (e.commune.is_none(), e.commune.as_deref().map(fold), fold(&e.structure)));
        return of_type;
    }
    entries.iter().filter(|e| fold(&e.structure) == wanted).collect()
}

/// A spreadsheet of the directory: its entries, and the table read for later messages.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub rel: PathBuf,
    pub table: Table,
    pub entries: Vec<Entry>,
}

/// `dd/mm/yyyy` as spreadsheets write dates, or `yyyy-mm-dd`.
fn date(cell: &str) -> Option<Date> {
    let parts: Vec<&str> = cell.trim().split('/').collect();
    match parts[..] {
        [d, m, y] if y.len() == 4 => Date::parse(&format!("{y}-{m:0>2}-{d:0>2}")).ok(),
        _ => Date::parse(cell).ok(),
    }
}

/// Reads the spreadsheet at `path` (`rel` from the site); `types` are `site.yaml`'s.
pub fn read(path: &Path, rel: &Path, types: &[String], diags: &mut Diagnostics) -> Option<Sheet> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(msg::cannot_read_file(e)).in_file(rel));
            return None;
        }
    };
    let table = match Table::read(&bytes) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(msg::cannot_read_list_header(e)).in_file(rel));
            return None;
        }
    };
    let at = |line: usize, value: &str, d: Diagnostic| table.at(d.in_file(rel), line, value);
    let Some(structure_col) = table.column(STRUCTURE) else {
        let d = Diagnostic::error(msg::directory_needs_column("Structure"));
        diags.push(at(1, &table.first_line, d).with_help(msg::directory_columns_help()));
        return None;
    };
    let type_col = table.column(TYPE);
    if type_col.is_none() {
        let d = Diagnostic::error(msg::directory_needs_column("Type"));
        diags.push(at(1, &table.first_line, d).with_help(msg::directory_columns_help()));
        return None;
    }
    let cols = [COMMUNE, ADDRESS, PHONE, EMAIL, HOURS, NOTES, VERIFIED].map(|names| table.column(names));
    let [commune, address, phones, email, hours, notes, verified] = cols;
    for (line, e) in &table.unreadable {
        diags.push(at(*line, "", Diagnostic::error(msg::unreadable_row(e))));
    }
    let folded_types: Vec<String> = types.iter().map(|t| fold(t)).collect();
    let mut entries: Vec<Entry> = Vec::new();
    // Each (structure, commune) seen, folded, with the line that first lists it.
    let mut seen: HashMap<(String, Option<String>), usize> = HashMap::new();
    for row in &table.rows {
        let line = row.line;
        let Some(structure) = row.get(Some(structure_col)) else {
            diags.push(at(line, "", Diagnostic::error(msg::directory_row_without_structure())));
            continue;
        };
        let raw_type = row.get(type_col).unwrap_or_default();
        let folded_type = fold(raw_type);
        let kind = types.iter().zip(&folded_types).find(|(_, f)| **f == folded_type).map(|(t, _)| t.clone());
        let Some(kind) = kind else {
            let mut d = at(line, raw_type, Diagnostic::error(msg::directory_unknown_type(raw_type)));
            d = match did_you_mean(raw_type, types.iter().map(String::as_str)) {
                Some(s) => d.with_help(msg::did_you_mean_value(s)),
                None => d.with_help(msg::directory_types_are(types.join(", "))),
            };
            diags.push(d);
            continue;
        };
        let mut numbers = Vec::new();
        for cell in row.get(phones).unwrap_or_default().split(['/', ';', '\n']).flat_map(|c| c.split(" ou ")) {
            if cell.trim().is_empty() {
                continue;
            }
            match phone::normalize(cell) {
                Some((shown, tel)) => numbers.push(Phone { shown, tel }),
                None => diags.push(
                    at(line, cell.trim(), Diagnostic::error(msg::directory_bad_phone(cell.trim())))
                        .with_help(msg::directory_phone_help()),
                ),
            }
        }
        let email = row.get(email).map(str::to_owned);
        if let Some(e) = email.as_deref().filter(|e| !crate::mailing::lists::valid_address(e)) {
            diags.push(at(line, e, Diagnostic::error(msg::not_an_email(e))));
        }
        let verified_cell = row.get(verified);
        let verified_date = verified_cell.and_then(date);
        if let (Some(cell), None) = (verified_cell, verified_date) {
            diags.push(at(line, cell, Diagnostic::error(msg::directory_bad_date(cell))));
        }
        let commune = row.get(commune).map(str::to_owned);
        let key = (fold(structure), commune.as_deref().map(fold));
        if let Some(first) = seen.get(&key) {
            diags.push(
                at(line, structure, Diagnostic::error(msg::directory_duplicate(structure)))
                    .with_help(msg::directory_duplicate_help(*first)),
            );
            continue;
        }
        seen.insert(key, line);
        let anchor = crate::markdown::slugify(&format!("{structure} {}", commune.as_deref().unwrap_or_default()));
        entries.push(Entry {
            anchor,
            structure: structure.to_owned(),
            kind,
            commune,
            address: row.get(address).map(str::to_owned),
            phones: numbers,
            email,
            hours: row.get(hours).map(str::to_owned),
            notes: row.get(notes).map(str::to_owned),
            verified: verified_date,
            file: rel.to_path_buf(),
            line,
        });
    }
    Some(Sheet { rel: rel.to_path_buf(), table, entries })
}

/// Warnings that need today's date: an entry checked more than a year ago.
pub fn warnings(sheets: &[Sheet], today: Date, diags: &mut Diagnostics) {
    let year_ago = today.0.checked_sub_days(chrono::Days::new(365)).unwrap_or(today.0);
    for sheet in sheets {
        for e in &sheet.entries {
            let Some(verified) = e.verified.filter(|v| v.0 < year_ago) else { continue };
            let line = sheet.table.line(e.line).unwrap_or_default();
            // The date as the spreadsheet wrote it, the French way or ISO.
            let written = [verified.0.format("%d/%m/%Y").to_string(), verified.iso()];
            let shown = written.into_iter().find(|s| line.contains(s.as_str())).unwrap_or_default();
            let d = Diagnostic::warning(msg::directory_not_verified(&e.structure, verified.french()));
            diags.push(
                sheet.table.at(d.in_file(&sheet.rel), e.line, &shown).with_help(msg::directory_not_verified_help()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_dates() {
        assert_eq!(date("03/02/2026").map(|d| d.iso()).as_deref(), Some("2026-02-03"));
        assert_eq!(date("3/2/2026").map(|d| d.iso()).as_deref(), Some("2026-02-03"));
        assert_eq!(date("2026-02-03").map(|d| d.iso()).as_deref(), Some("2026-02-03"));
        assert_eq!(date("31/02/2026"), None);
    }
}
