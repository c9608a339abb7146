//! Mailing the email edition: the subscriber lists, and (for now) the dry run that checks the
//! lists and renders every personalised message without connecting to any server.

pub mod lists;

use crate::email::{self, Recipient};
use crate::error::Diagnostics;
use crate::render::Theme;
use crate::site::{Page, Site};
use lists::Recipients;

/// What a dry run found.
#[derive(Debug, Default)]
pub struct DryRun {
    pub messages: usize,
    /// Size of the largest message, in bytes.
    pub largest: usize,
}

/// Renders and builds the message of every recipient, as a send would, without sending.
pub fn dry_run(site: &Site, theme: &Theme, issue: &Page, recipients: &Recipients) -> Result<DryRun, Diagnostics> {
    let mut report = DryRun::default();
    let mut diags = Diagnostics::new();
    for s in &recipients.subscribers {
        let to = Recipient { email: s.email.clone(), name: s.name.clone(), profession: s.profession.clone() };
        let edition = email::render(site, theme, issue, &to)?;
        match email::message(&site.config, &edition, &to, false) {
            Ok(m) => {
                report.messages += 1;
                report.largest = report.largest.max(m.formatted().len());
            }
            Err(d) => diags.push(d.in_file(&s.file)),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(report)
}
