//! The email edition of an issue: an HTML part (table layout, 600 px, CSS inlined with its
//! `@media` rules kept, under Gmail's 100 KB clipping), a plain-text part written from the
//! same content, and the MIME message with the list headers (RFC 2369, RFC 8058).

pub(crate) mod dkim;
pub mod personal;
mod text;
pub mod unsubscribe;

use crate::content::kinds::Meta;
use crate::content::{Config, Kind};
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::msg;
use crate::render::views::{full, summary};
use crate::render::Theme;
use crate::site::urls::{self, UrlMode};
use crate::site::{Page, Site};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use serde::Serialize;
use tera::Context;
use text::References;
pub use unsubscribe::Unsubscribe;

/// Gmail clips messages larger than this.
pub const MAX_HTML_BYTES: usize = 100 * 1024;

/// Who a message goes to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recipient {
    pub email: String,
    pub name: Option<String>,
    /// A profession id of `site.yaml`.
    pub profession: Option<String>,
}

/// The two parts of one personalised edition, and its subject.
#[derive(Debug, Clone)]
pub struct Edition {
    pub subject: String,
    pub html: String,
    pub text: String,
}

#[derive(Serialize)]
struct TextItem {
    title: String,
    kind: Kind,
    summary: String,
    key_points: Vec<String>,
    reference: usize,
}

/// The issue a reference (`numeros/numero-6`) designates, or an error that says which exist.
pub fn find_issue<'a>(site: &'a Site, reference: &str) -> Result<&'a Page, Diagnostic> {
    match site.get(reference) {
        Some(p) if p.kind() == Kind::Issue => Ok(p),
        _ => {
            let known: Vec<String> = site.section(Kind::Issue).map(|p| p.doc.reference()).collect();
            Err(Diagnostic::error(msg::no_such_issue(reference)).with_help(msg::issues_are(known.join(", "))))
        }
    }
}

/// Writes the preview of the email edition of `issue` into `out`: `<slug>.html`, `<slug>.txt`
/// and `<slug>.eml` (the complete message, to a placeholder recipient); returns their paths.
pub fn write_preview(
    site: &Site,
    theme: &Theme,
    issue: &Page,
    out: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, Diagnostics> {
    let placeholder =
        Recipient { email: "destinataire@example.invalid".into(), name: Some("Destinataire".into()), profession: None };
    let edition = render(site, theme, issue, &placeholder)?;
    let message = message(&site.config, &Unsubscribe::new(&site.config)?, &edition, &placeholder, false)?;
    let fail = |e: std::io::Error| Diagnostic::error(msg::cannot_write_to(out.display(), e));
    std::fs::create_dir_all(out).map_err(fail)?;
    let name = &issue.doc.slug;
    let files = [
        (out.join(format!("{name}.html")), edition.html.into_bytes()),
        (out.join(format!("{name}.txt")), edition.text.into_bytes()),
        (out.join(format!("{name}.eml")), message.formatted()),
    ];
    for (path, bytes) in &files {
        std::fs::write(path, bytes).map_err(fail)?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// `Covid'actu n°6 — Tester, tracer, isoler`.
pub fn subject(site: &Site, issue: &Page) -> String {
    let Meta::Issue(m) = &issue.doc.meta else { return issue.doc.title().to_owned() };
    let mut s = format!("{} n°{}", site.config.title, m.number.unwrap_or(0));
    if let Some(theme) = &m.theme {
        s.push_str(" — ");
        s.push_str(theme);
    }
    s
}

/// What the templates see of the recipient: `{{ recipient.name }}`, `.email`, `.profession`
/// (the profession's label).
#[derive(Debug, Clone, Serialize)]
pub struct RecipientView<'a> {
    pub name: Option<&'a str>,
    pub email: &'a str,
    pub profession: Option<&'a str>,
}

impl<'a> RecipientView<'a> {
    /// The view of `recipient`, its profession id turned into the label of `site.yaml`.
    pub fn of(config: &'a Config, recipient: &'a Recipient) -> Self {
        RecipientView {
            name: recipient.name.as_deref(),
            email: &recipient.email,
            profession: recipient.profession.as_ref().and_then(|p| config.professions.get(p)).map(String::as_str),
        }
    }
}

/// Renders the edition of `issue` for `recipient`.
pub fn render(site: &Site, theme: &Theme, issue: &Page, recipient: &Recipient) -> Result<Edition, Diagnostics> {
    render_view(site, theme, issue, &RecipientView::of(&site.config, recipient))
}

/// Renders the edition of `issue` for the recipient seen as `recipient`.
pub fn render_view(
    site: &Site,
    theme: &Theme,
    issue: &Page,
    recipient: &RecipientView<'_>,
) -> Result<Edition, Diagnostics> {
    let base = site.config.base();
    let absolute = UrlMode::Absolute { base: base.clone() };
    let to_absolute = |u: &str| if u.starts_with('/') { urls::absolute(&base, u) } else { u.to_owned() };
    let view = full(site, theme, issue);
    let mut ctx = Context::new();
    ctx.insert("site", &site.config);
    ctx.insert("t", &theme.strings);
    ctx.insert("issue", &view);
    ctx.insert("subject", &subject(site, issue));
    ctx.insert("editorial", &urls::rewrite_html(&issue.rendered.html, &issue.path, &absolute));
    ctx.insert("recipient", recipient);
    ctx.insert("unsubscribe", &unsubscribe_link(&site.config));
    let pages: Vec<_> = items(site, issue)
        .filter(|p| p.kind() == Kind::Page)
        .map(|p| serde_json::json!({ "title": p.doc.title(), "html": urls::rewrite_html(&p.rendered.html, &p.path, &absolute) }))
        .collect();
    ctx.insert("pages", &pages);
    let upcoming: Vec<_> = site.events_soon().into_iter().map(|i| summary(site, &site.pages[i])).collect();
    ctx.insert("upcoming", &upcoming);
    let updated: Vec<_> = site
        .changes_since_previous_issue(issue)
        .into_iter()
        .map(|(i, change, _)| {
            let p = &site.pages[i];
            serde_json::json!({
                "title": p.doc.title(),
                "permalink": urls::absolute(&base, &p.path),
                "version": change.version,
                "what": change.what,
            })
        })
        .collect();

    let mut refs = References::default();
    let index = link_index(site);
    let editorial_text =
        text::to_text(issue.doc.body(), &mut refs, &|u| resolve_for_text(&index, issue, u, &to_absolute));
    let text_items: Vec<TextItem> = items(site, issue)
        .map(|p| {
            let v = summary(site, p);
            let key_points = match &p.doc.meta {
                Meta::Synthesis(s) => s.key_points.iter().map(|k| k.text.clone()).collect(),
                _ => Vec::new(),
            };
            TextItem {
                title: p.doc.title().to_owned(),
                kind: p.kind(),
                summary: v.summary,
                key_points,
                reference: refs.number(&v.permalink),
            }
        })
        .collect();
    let text_pages: Vec<_> = items(site, issue)
        .filter(|p| p.kind() == Kind::Page)
        .map(|p| {
            let body = text::to_text(p.doc.body(), &mut refs, &|u| resolve_for_text(&index, p, u, &to_absolute));
            serde_json::json!({ "title": p.doc.title(), "text": body })
        })
        .collect();
    ctx.insert("text_pages", &text_pages);
    let online = theme.string("event_online", "").to_owned();
    let text_upcoming: Vec<_> = upcoming
        .iter()
        .map(|e| {
            let place = match &e.meta {
                Meta::Event(m) if m.online.is_some() => Some(online.clone()),
                Meta::Event(m) => m.place.clone(),
                _ => None,
            };
            let when = e.event.as_ref().map(|v| v.when.clone()).unwrap_or_default();
            serde_json::json!({ "title": e.title, "when": when, "place": place, "reference": refs.number(&e.permalink) })
        })
        .collect();
    ctx.insert("text_upcoming", &text_upcoming);
    let text_messages: Vec<_> = view
        .messages
        .iter()
        .filter_map(|p| {
            let m = p.message.as_ref()?;
            Some(serde_json::json!({
                "issuer": m.issuer, "reference": m.reference, "date": p.date, "title": p.title,
                "gist": m.gist, "link": refs.number(&p.permalink),
            }))
        })
        .collect();
    ctx.insert("text_messages", &text_messages);
    let updated: Vec<_> = updated
        .into_iter()
        .map(|mut u| {
            let reference = refs.number(u["permalink"].as_str().unwrap_or_default());
            u["reference"] = reference.into();
            u
        })
        .collect();
    ctx.insert("updated_protocols", &updated);
    let browser = refs.number(&view.permalink);
    ctx.insert("editorial_text", &editorial_text);
    ctx.insert("text_items", &text_items);
    ctx.insert("browser_reference", &browser);
    ctx.insert("references", &refs.list());

    let html = theme.tera.render("email/issue.html", &ctx).map_err(|e| Diagnostics::from(theme.error(&e)))?;
    let html = urls::rewrite_html(&html, "", &absolute);
    let inliner = css_inline::CSSInliner::options().keep_style_tags(true).load_remote_stylesheets(false).build();
    let html = inliner.inline(&html).map_err(|e| Diagnostic::error(msg::cannot_inline_css(e)))?;
    if html.len() > MAX_HTML_BYTES {
        return Err(Diagnostic::error(msg::email_too_large(issue.doc.reference(), html.len() / 1024))
            .in_file(&issue.doc.file.rel)
            .with_help(msg::email_too_large_help())
            .into());
    }
    let text = theme.tera.render("email/issue.txt", &ctx).map_err(|e| Diagnostics::from(theme.error(&e)))?;
    Ok(Edition { subject: subject(site, issue), html, text })
}

/// The pages an issue carries, in order.
fn items<'a>(site: &'a Site, issue: &'a Page) -> impl Iterator<Item = &'a Page> + 'a {
    let refs: &[String] = match &issue.doc.meta {
        Meta::Issue(m) => &m.items,
        _ => &[],
    };
    refs.iter().filter_map(|r| site.get(r))
}

/// A link of the editorial as a full URL: links to other content files become their pages.
fn resolve_for_text(
    index: &crate::markdown::LinkIndex,
    issue: &Page,
    dest: &str,
    to_absolute: &dyn Fn(&str) -> String,
) -> String {
    use crate::markdown::Resolver;
    let links = crate::markdown::PageLinks { index, content_path: &issue.doc.content_path() };
    match links.resolve(dest, false) {
        Ok(crate::markdown::Resolved::Url { url, .. }) => to_absolute(&url),
        _ => to_absolute(dest),
    }
}

fn link_index(site: &Site) -> crate::markdown::LinkIndex {
    let mut index = crate::markdown::LinkIndex::default();
    for p in &site.pages {
        index.pages.insert(p.doc.content_path(), (p.doc.reference(), p.path.clone()));
    }
    index.assets.extend(site.assets.iter().map(|a| a.rel.clone()));
    index
}

/// The page of the site that says how to leave the list, linked from every message.
fn unsubscribe_link(config: &Config) -> String {
    urls::absolute(&config.base(), urls::UNSUBSCRIBE_PAGE)
}

/// The MIME message of `edition` for `to`: one recipient, text then HTML, UTF-8, with
/// Reply-To and the list headers. A test copy says so in its subject.
pub fn message(
    config: &Config,
    unsubscribe: &Unsubscribe,
    edition: &Edition,
    to: &Recipient,
    test: bool,
) -> Result<lettre::Message, Diagnostic> {
    let bad = |message: String| Diagnostic::error(message).in_file("site.yaml").with_help(msg::address_example());
    let from: Mailbox = config.mailing.from.parse().map_err(|e| bad(msg::from_not_an_address(e)))?;
    let to_box = Mailbox::new(
        to.name.clone(),
        to.email.parse().map_err(|e| Diagnostic::error(msg::not_an_address(&to.email, e)))?,
    );
    let subject = if test { format!("[TEST] {}", edition.subject) } else { edition.subject.clone() };
    let mut builder = lettre::Message::builder().from(from).to(to_box).subject(subject).date_now().message_id(None);
    if let Some(reply) = &config.mailing.reply_to {
        builder = builder.reply_to(reply.parse().map_err(|e| bad(msg::reply_to_not_an_address(e)))?);
    }
    if let Some(id) = &config.mailing.list_id {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Id"),
            format!("{} <{id}>", config.title),
        ));
    }
    let (list_unsubscribe, one_click) = unsubscribe.header(&to.email);
    if one_click {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ));
    }
    if let Some(value) = list_unsubscribe {
        builder = builder.raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), value));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(edition.text.clone(), edition.html.clone()))
        .map_err(|e| Diagnostic::error(msg::cannot_build_message(e)))
}
