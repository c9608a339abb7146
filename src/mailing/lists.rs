//! Subscriber lists as spreadsheets export them: CSV in UTF-8 (with or without BOM) or
//! Windows-1252, comma, semicolon or tab separated, CRLF, quoted fields, a header row whose
//! email column may be called `email`, `courriel`, `e-mail`, `adresse mail`… Addresses are
//! trimmed, compared without case, de-duplicated across lists; invalid rows are reported at
//! their file and line; addresses of the unsubscribe file are always left out.

use crate::content::spreadsheet::{self, Table};
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::msg;
use crate::search::analysis::fold;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One person to send to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    /// Trimmed, as written (the comparison key is its lowercase form).
    pub email: String,
    pub name: Option<String>,
    /// A profession id of site.yaml, when the list's column names one (by id or label).
    pub profession: Option<String>,
    /// Where it was read: file and line.
    pub file: PathBuf,
    pub line: usize,
}

impl Subscriber {
    /// The address in the form used to compare.
    pub fn key(&self) -> String {
        self.email.to_lowercase()
    }
}

/// A row of a list without a valid address: the value as written (empty when there is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub value: String,
    pub name: Option<String>,
    /// Why it was set aside, in French, for the coordinator's report.
    pub reason: String,
    pub file: PathBuf,
    pub line: usize,
}

/// A row whose address an earlier row already has: the person gets the issue once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub row: Subscriber,
    /// The earlier row: `cpts.csv:3`.
    pub first: String,
}

/// Everyone to send to, and what was set aside.
#[derive(Debug, Default)]
pub struct Recipients {
    pub subscribers: Vec<Subscriber>,
    pub duplicates: Vec<Duplicate>,
    pub unsubscribed: Vec<Subscriber>,
    pub invalid: Vec<Invalid>,
}

const EMAIL_COLUMNS: &[&str] = &[
    "email",
    "e-mail",
    "mail",
    "courriel",
    "adresse mail",
    "adresse e-mail",
    "adresse email",
    "adresse electronique",
    "adresse courriel",
];
const NAME_COLUMNS: &[&str] = &["nom", "name", "nom complet", "last name", "lastname"];
const FIRST_NAME_COLUMNS: &[&str] = &["prenom", "first name", "firstname"];
const PROFESSION_COLUMNS: &[&str] = &["profession", "metier", "specialite"];

/// A syntactically valid address: one @, a local part, a domain with a dot, no spaces.
pub fn valid_address(email: &str) -> bool {
    email.parse::<lettre::Address>().is_ok() && email.rsplit_once('@').is_some_and(|(_, d)| d.contains('.'))
}

/// Reads one list: its subscribers and the rows without a valid address (also reported, as
/// errors when `strict`).
pub fn read(
    path: &Path,
    shown: &Path,
    professions: &BTreeMap<String, String>,
    strict: bool,
    diags: &mut Diagnostics,
) -> (Vec<Subscriber>, Vec<Invalid>) {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(msg::cannot_read_list(e)).in_file(shown));
            return (Vec::new(), Vec::new());
        }
    };
    let table = match Table::read(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let text = spreadsheet::decode(&bytes);
            diags.push(Diagnostic::error(msg::cannot_read_list_header(e)).in_file(shown).at(&text, 1, 1, 1));
            return (Vec::new(), Vec::new());
        }
    };
    let Some(email_col) = table.column(EMAIL_COLUMNS) else {
        let d = Diagnostic::error(msg::no_email_column()).in_file(shown);
        diags.push(table.at(d, 1, &table.first_line).with_help(msg::no_email_column_help()));
        return (Vec::new(), Vec::new());
    };
    let (name_col, first_col, prof_col) =
        (table.column(NAME_COLUMNS), table.column(FIRST_NAME_COLUMNS), table.column(PROFESSION_COLUMNS));
    for (line, e) in &table.unreadable {
        diags.push(table.at(Diagnostic::error(msg::unreadable_row(e)).in_file(shown), *line, ""));
    }
    let mut out = Vec::new();
    let mut invalid = Vec::new();
    for row in &table.rows {
        let line = row.line;
        let field = |i: Option<usize>| row.get(i);
        let email = field(Some(email_col)).unwrap_or("");
        let name = match (field(first_col), field(name_col)) {
            (Some(f), Some(n)) => Some(format!("{f} {n}")),
            (f, n) => f.or(n).map(str::to_owned),
        };
        if !valid_address(email) {
            let message = if email.is_empty() { msg::row_without_address() } else { msg::not_an_email_address(email) };
            let d = if strict { Diagnostic::error(message) } else { Diagnostic::warning(msg::row_skipped(message)) };
            diags.push(table.at(d.in_file(shown), line, email));
            let reason = if email.is_empty() { "ligne sans adresse e-mail" } else { "pas une adresse e-mail" };
            invalid.push(Invalid {
                value: email.to_owned(),
                name,
                reason: reason.into(),
                file: shown.to_path_buf(),
                line,
            });
            continue;
        }
        let profession = field(prof_col).and_then(|p| {
            let folded = fold(p);
            professions.iter().find(|(id, label)| **id == folded || fold(label) == folded).map(|(id, _)| id.clone())
        });
        out.push(Subscriber { email: email.to_owned(), name, profession, file: shown.to_path_buf(), line });
    }
    (out, invalid)
}

/// Reads every list and the unsubscribe file: everyone once, unsubscribed left out.
pub fn load(
    lists: &[PathBuf],
    unsubscribe: Option<&Path>,
    root: &Path,
    professions: &BTreeMap<String, String>,
    strict: bool,
) -> (Recipients, Diagnostics) {
    let mut diags = Diagnostics::new();
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let mut gone = HashSet::new();
    if let Some(u) = unsubscribe.filter(|u| u.exists()) {
        let mut quiet = Diagnostics::new();
        gone.extend(read(u, &shown(u), professions, false, &mut quiet).0.into_iter().map(|s| s.key()));
        diags.extend(quiet.0.into_iter().filter(|d| d.is_error()).collect());
    }
    let mut r = Recipients::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    for list in lists {
        let (subs, invalid) = read(list, &shown(list), professions, strict, &mut diags);
        r.invalid.extend(invalid);
        for s in subs {
            if gone.contains(&s.key()) {
                r.unsubscribed.push(s);
            } else if let Some(first) = seen.get(&s.key()) {
                r.duplicates.push(Duplicate { first: first.clone(), row: s });
            } else {
                seen.insert(s.key(), format!("{}:{}", s.file.display(), s.line));
                r.subscribers.push(s);
            }
        }
    }
    (r, diags)
}

/// The lists of a send for the site of `config` at `root`, its unsubscribe file left out;
/// an error when a list cannot be read (or, with `strict`, has an invalid row).
pub fn load_for(
    config: &crate::content::Config,
    lists: &[PathBuf],
    root: &Path,
    strict: bool,
) -> Result<(Recipients, Diagnostics), Diagnostics> {
    let unsubscribe = root.join(&config.mailing.unsubscribe_file);
    let (recipients, diags) = load(lists, Some(&unsubscribe), root, &config.professions, strict);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((recipients, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(valid_address("claire.morel@example.org"));
        assert!(!valid_address("claire.morel@example"));
        assert!(!valid_address("claire morel@example.org"));
        assert!(!valid_address("pas une adresse"));
    }
}
