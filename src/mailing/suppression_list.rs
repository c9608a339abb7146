//! The coordinator's view of the addresses no send writes to: the journal's suppressions
//! (bounces, unsubscribe requests) and the unsubscribe file, together in one CSV for a
//! spreadsheet; and lifting one suppression, recorded in the journal.

use super::journal::{Journal, Reason};
use super::lists;
use super::report::spreadsheet_time;
use crate::content::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::{self, msg};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One line of the CSV.
struct Line {
    email: String,
    reason: String,
    detail: String,
    at: String,
    issue: String,
    source: String,
}

/// Writes every suppressed address to `.covidactu/adresses-exclues-<date>.csv` and returns
/// the summary to print and the file's path.
pub fn write_csv(root: &Path, config: &Config) -> Result<(String, PathBuf), Diagnostics> {
    let dir = super::state_dir(root);
    let journal = Journal::open_existing(&dir)?;
    let suppressions = match &journal {
        Some(j) => j.suppressions()?,
        None => Vec::new(),
    };
    let mut lines: Vec<Line> = suppressions
        .iter()
        .map(|s| Line {
            email: s.address.clone(),
            reason: s.reason.label_fr().to_owned(),
            detail: s.detail.clone().unwrap_or_default(),
            at: spreadsheet_time(&s.at),
            issue: s.issue.clone().unwrap_or_default(),
            source: s.source.clone().unwrap_or_default(),
        })
        .collect();
    let count = |r: Reason| suppressions.iter().filter(|s| s.reason == r).count();
    let from_file = unsubscribe_file(root, config)?;
    let in_file = from_file.len();
    let journaled: HashSet<&str> = suppressions.iter().map(|x| x.address.as_str()).collect();
    for s in from_file {
        if journaled.contains(s.key().as_str()) {
            continue;
        }
        lines.push(Line {
            email: s.email.clone(),
            reason: "désinscription".into(),
            detail: String::new(),
            at: String::new(),
            issue: String::new(),
            source: format!("{}:{}", s.file.display(), s.line),
        });
    }
    let summary = if lines.is_empty() {
        msg::suppressions_none()
    } else {
        msg::suppressions_count(
            i18n::number(lines.len()),
            i18n::number(count(Reason::Unsubscribed)),
            i18n::number(count(Reason::HardBounce)),
            i18n::number(count(Reason::SoftBounces)),
            i18n::number(in_file),
        )
    };
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let path = dir.join(format!("adresses-exclues-{stamp}.csv"));
    let fail = |e: &dyn std::fmt::Display| Diagnostic::error(msg::cannot_write(path.display(), e));
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut bytes);
        w.write_record(["courriel", "motif", "détail", "date", "numéro", "source"]).map_err(|e| fail(&e))?;
        for l in &lines {
            w.write_record([&l.email, &l.reason, &l.detail, &l.at, &l.issue, &l.source]).map_err(|e| fail(&e))?;
        }
        w.flush().map_err(|e| fail(&e))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| fail(&e))?;
    std::fs::write(&path, &bytes).map_err(|e| fail(&e))?;
    Ok((summary, path))
}

/// Lifts the suppression of `address`; returns what to print. An address of the
/// unsubscribe file stays unsubscribed there: the tool never rewrites that file.
pub fn lift(root: &Path, config: &Config, address: &str) -> Result<String, Diagnostics> {
    let key = address.trim().to_lowercase();
    let lifted = match Journal::open_existing(&super::state_dir(root))? {
        Some(mut journal) => journal.unsuppress(&key)?,
        None => None,
    };
    let in_file = unsubscribe_file(root, config)?.into_iter().find(|s| s.key() == key);
    let mut out = match &lifted {
        Some(s) => msg::unsuppressed(address.trim(), s.reason.label()),
        None if in_file.is_some() => String::new(),
        None => return Err(Diagnostic::error(msg::not_suppressed(address.trim())).into()),
    };
    if let Some(s) = in_file {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&msg::still_in_unsubscribe_file(address.trim(), format!("{}:{}", s.file.display(), s.line)));
    }
    Ok(out)
}

fn unsubscribe_file(root: &Path, config: &Config) -> Result<Vec<lists::Subscriber>, Diagnostics> {
    let path = root.join(&config.mailing.unsubscribe_file);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut diags = Diagnostics::new();
    let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let (subs, _) = lists::read(&path, &shown, &config.professions, false, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(subs)
}
