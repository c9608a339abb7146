//! What a message of the CPTS mailbox is: a bounce (which address failed, how badly, and
//! which sent message it returns), an unsubscribe request, an automatic reply, or a message
//! for a human. A pure function of the message's bytes: the IMAP side fetches, this decides.
//!
//! Bounces come as RFC 3464 delivery status notifications (`multipart/report;
//! report-type=delivery-status`: Postfix, Sendmail, Gmail, Microsoft 365, most French
//! providers) or as plain text (qmail, Exim, older Exchange servers); both are read. A bounce
//! is hard when the address itself is wrong (`5.1.x`, a disabled mailbox `5.2.1`, a domain
//! that does not route `5.4.4`, or a permanent failure worded « user unknown »…); a full
//! mailbox, a refusal by policy (`5.7.x`, often a spam filter) or a temporary failure is soft.

use crate::search::analysis::fold;
use mailparse::{MailHeader, MailHeaderMap, ParsedMail};
use regex::Regex;
use std::sync::LazyLock;

/// One message, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    /// The message's own `Message-ID` (angle brackets kept), when it has one.
    pub message_id: Option<String>,
    /// The subject, decoded.
    pub subject: String,
    /// The sender's address, lowercase.
    pub from: Option<String>,
    pub kind: Kind,
}

/// What the message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A delivery failure: the addresses that failed, and the messages it returns.
    Bounce(Bounce),
    /// Someone asks to leave the list.
    Unsubscribe(Request),
    /// An out-of-office, a delay warning or another automatic message: no action.
    AutoReply,
    /// Anything else: for a human.
    Other,
}

/// A delivery failure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bounce {
    pub failures: Vec<Failure>,
    /// `Message-ID`s of the returned message (and its `References`), to find the issue.
    pub returned: Vec<String>,
}

/// One address that could not be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Lowercase.
    pub address: String,
    /// The enhanced status code (`5.1.1`), or the class guessed from the words (`5.0.0`).
    pub status: String,
    pub hard: bool,
    /// The receiving server's words, on one line.
    pub diagnostic: String,
}

/// An unsubscribe request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The sender, lowercase.
    pub from: String,
    /// Other addresses written in the message (lowercase): the subscribed one, when someone
    /// writes from another mailbox.
    pub mentioned: Vec<String>,
}

static ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+").expect("valid regex"));
static STATUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?:$|[^\d.])").expect("valid regex"));
static SMTP_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s|\()([45]\d\d)(?:[\s\-]|$)").expect("valid regex"));

/// Subjects of the plain-text bounces, folded (lowercase, no accents).
const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliver",
    "delivery status notification",
    "delivery failure",
    "delivery has failed",
    "returned mail",
    "mail delivery failed",
    "failure notice",
    "non remis",
    "echec de la remise",
    "echec de remise",
    "echec de distribution",
    "message non delivre",
    "non distribuable",
];
/// Words of a bounce's text saying the address does not exist.
const HARD_WORDS: &[&str] = &[
    "user unknown",
    "unknown user",
    "no such user",
    "no mailbox here",
    "does not exist",
    "doesn't exist",
    "recipient not found",
    "address not found",
    "couldn't be found",
    "mailbox unavailable",
    "mailbox not found",
    "invalid recipient",
    "unrouteable address",
    "host or domain name not found",
    "domain not found",
    "n'existe pas",
    "n existe pas",
    "inconnu",
    "introuvable",
    "destinataire invalide",
];
/// Words saying the mailbox is full.
const FULL_WORDS: &[&str] = &[
    "mailbox full",
    "mailbox is full",
    "mailbox for user is full",
    "quota",
    "out of storage",
    "insufficient storage",
    "boite pleine",
    "boite aux lettres pleine",
    "est pleine",
];
/// Subjects of automatic replies, folded.
const AUTO_SUBJECTS: &[&str] = &[
    "reponse automatique",
    "message automatique",
    "message d'absence",
    "out of office",
    "automatic reply",
    "auto-reply",
    "autoreply",
    "auto reply",
];
/// Words that ask to leave the list, folded.
const UNSUBSCRIBE_WORDS: &[&str] =
    &["desinscription", "desinscrire", "desinscrivez", "desabonnement", "desabonner", "unsubscribe"];
/// Lines that start the copy of the returned message in a plain-text bounce, lowercase.
const COPY_MARKERS: &[&str] = &[
    "below this line is a copy of the message",
    "this is a copy of the message",
    "original message follows",
    "----- original message -----",
    "-----original message-----",
    "copie du message",
    "message d'origine",
];

/// Classifies one message. `unsubscribe_address` is `mailing.unsubscribe_email`: a message
/// sent to it is an unsubscribe request whatever its subject.
pub fn classify(raw: &[u8], unsubscribe_address: Option<&str>) -> Classified {
    let Ok(mail) = mailparse::parse_mail(raw) else {
        return Classified { message_id: None, subject: String::new(), from: None, kind: Kind::Other };
    };
    let headers = &mail.headers;
    let subject = headers.get_first_value("Subject").unwrap_or_default();
    let message_id = headers.get_first_value("Message-ID").map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let from = headers.get_first_header("From").and_then(first_address);
    let kind = match bounce(&mail, &subject, message_id.as_deref(), from.as_deref()) {
        Some(Some(b)) => Kind::Bounce(b),
        Some(None) => Kind::AutoReply,
        None if is_automatic(headers, &subject) => Kind::AutoReply,
        None => match unsubscribe(&mail, &subject, from.as_deref(), unsubscribe_address) {
            Some(request) => Kind::Unsubscribe(request),
            None => Kind::Other,
        },
    };
    Classified { message_id, subject, from, kind }
}

fn single_addresses(list: &mailparse::MailAddrList) -> Vec<String> {
    let mut out = Vec::new();
    for a in list.iter() {
        match a {
            mailparse::MailAddr::Single(s) => out.push(s.addr.trim().to_lowercase()),
            mailparse::MailAddr::Group(g) => out.extend(g.addrs.iter().map(|s| s.addr.trim().to_lowercase())),
        }
    }
    out
}

fn first_address(header: &MailHeader) -> Option<String> {
    let list = mailparse::addrparse_header(header).ok()?;
    single_addresses(&list).into_iter().find(|a| a.contains('@'))
}

fn all_addresses(headers: &[MailHeader], names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for name in names {
        for h in headers.get_all_headers(name) {
            match mailparse::addrparse_header(h) {
                Ok(list) => out.extend(single_addresses(&list)),
                Err(_) => out.extend(ADDRESS.find_iter(&h.get_value()).map(|m| m.as_str().to_lowercase())),
            }
        }
    }
    out
}

fn mimetype(part: &ParsedMail<'_>) -> String {
    part.ctype.mimetype.to_ascii_lowercase()
}

fn is_daemon(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or("");
    local.eq_ignore_ascii_case("mailer-daemon") || local.eq_ignore_ascii_case("postmaster")
}

/// `Some(Some(bounce))` for a delivery failure, `Some(None)` for a delivery status
/// notification that reports no failure (a delay warning), `None` for anything else.
fn bounce(mail: &ParsedMail<'_>, subject: &str, own_id: Option<&str>, from: Option<&str>) -> Option<Option<Bounce>> {
    let reports: Vec<&ParsedMail<'_>> = mail.parts().filter(|p| mimetype(p) == "message/delivery-status").collect();
    if !reports.is_empty() {
        let failures: Vec<Failure> =
            reports.iter().flat_map(|part| status_fields(&part.get_body_raw().unwrap_or_default())).collect();
        if failures.is_empty() {
            return Some(None);
        }
        return Some(Some(Bounce { failures, returned: returned_ids(mail, own_id) }));
    }
    let failed_header = all_addresses(&mail.headers, &["X-Failed-Recipients"]);
    let bounce_subject = BOUNCE_SUBJECTS.iter().any(|s| fold(subject).contains(s));
    if !(from.is_some_and(is_daemon) || bounce_subject || !failed_header.is_empty()) {
        return None;
    }
    let text = plain_text(mail);
    let report = before_copy(&text);
    let own = all_addresses(&mail.headers, &["From", "To", "Return-Path", "Sender"]);
    let lines: Vec<&str> = report.lines().collect();
    let mut candidates = failed_header;
    if candidates.is_empty() {
        for m in lines.iter().flat_map(|l| ADDRESS.find_iter(l)) {
            let a = m.as_str().trim_end_matches('.').to_lowercase();
            if !own.contains(&a) && !is_daemon(&a) && !candidates.contains(&a) {
                candidates.push(a);
            }
        }
    }
    let failures: Vec<Failure> = candidates
        .into_iter()
        .map(|address| {
            let words = words_about(&lines, &address);
            failure(address, None, &words)
        })
        .collect();
    if failures.is_empty() {
        return None;
    }
    Some(Some(Bounce { failures, returned: returned_ids(mail, own_id) }))
}

/// The words a plain-text bounce says about `address`: from its first mention until another
/// address is named (a dozen lines at most), or the whole report when they hold no reason.
fn words_about(lines: &[&str], address: &str) -> String {
    let start = lines.iter().position(|l| l.to_lowercase().contains(address)).unwrap_or(0);
    let mut words = String::new();
    for (i, line) in lines.iter().enumerate().skip(start).take(12) {
        let names_another = ADDRESS.find_iter(line).any(|m| m.as_str().to_lowercase() != address);
        let paragraph_ends = line.trim().is_empty() && has_reason_or_code(&words);
        if i > start && (paragraph_ends || names_another && !STATUS.is_match(line) && !SMTP_CODE.is_match(line)) {
            break;
        }
        words.push_str(line.trim());
        words.push(' ');
    }
    if has_reason_or_code(&words) {
        words
    } else {
        lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")
    }
}

fn has_reason_or_code(text: &str) -> bool {
    has_reason(text) || STATUS.is_match(text) || SMTP_CODE.is_match(text)
}

fn has_reason(text: &str) -> bool {
    let f = fold(text);
    HARD_WORDS.iter().chain(FULL_WORDS).any(|w| f.contains(w))
}

/// The per-recipient fields of a `message/delivery-status` body whose action is `failed`.
fn status_fields(body: &[u8]) -> Vec<Failure> {
    let text = String::from_utf8_lossy(body).replace("\r\n", "\n");
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let Ok((fields, _)) = mailparse::parse_headers(block.trim_start().as_bytes()) else { continue };
        let field = |name: &str| fields.get_first_value(name).map(|v| v.trim().to_owned());
        let Some(recipient) = field("Final-Recipient").or_else(|| field("Original-Recipient")) else { continue };
        if !field("Action").unwrap_or_default().to_ascii_lowercase().starts_with("failed") {
            continue;
        }
        let address = recipient.rsplit(';').next().unwrap_or(&recipient);
        let address = address.trim().trim_start_matches('<').trim_end_matches('>').to_lowercase();
        let diagnostic = field("Diagnostic-Code")
            .map(|d| d.split_once(';').map_or(d.clone(), |(_, rest)| rest.to_owned()))
            .unwrap_or_default();
        let status = field("Status").and_then(|s| STATUS.captures(&format!(" {s} ")).map(|c| c[1].to_owned()));
        out.push(failure(address, status, &diagnostic));
    }
    out
}

/// A failure from what is known of it: the status given, or one found in the words.
fn failure(address: String, status: Option<String>, words: &str) -> Failure {
    let status = status.or_else(|| STATUS.captures(words).map(|c| c[1].to_owned())).unwrap_or_else(|| match SMTP_CODE
        .captures(words)
    {
        Some(code) if code[1].starts_with('4') => "4.0.0".to_owned(),
        Some(_) => "5.0.0".to_owned(),
        None if has_reason(words) => "5.0.0".to_owned(),
        None => "4.0.0".to_owned(),
    });
    let diagnostic: String = words.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(300).collect();
    let hard = is_hard(&status, &diagnostic);
    Failure { address, status, hard, diagnostic }
}

/// Whether a failure says the address itself is wrong (see the module's documentation).
pub fn is_hard(status: &str, words: &str) -> bool {
    let folded = fold(words);
    if FULL_WORDS.iter().any(|w| folded.contains(w)) {
        return false;
    }
    let mut parts = status.split('.');
    let (class, subject, detail) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if class != "5" {
        return false;
    }
    match (subject, detail) {
        ("1", _) | ("2", "1") | ("4", "4") | ("4", "1") => true,
        ("2", "2") | ("7", _) | ("3", _) | ("5", _) => false,
        _ => HARD_WORDS.iter().any(|w| folded.contains(w)),
    }
}

/// The text of the message: its first `text/plain` part, or the first text part with its
/// tags removed, or the body itself.
fn plain_text(mail: &ParsedMail<'_>) -> String {
    let part = mail
        .parts()
        .find(|p| mimetype(p) == "text/plain")
        .or_else(|| mail.parts().find(|p| mimetype(p).starts_with("text/")));
    let Some(part) = part else {
        return String::from_utf8_lossy(&mail.get_body_raw().unwrap_or_default()).into_owned();
    };
    let body = part.get_body().unwrap_or_default();
    if mimetype(part) == "text/html" {
        strip_tags(&body)
    } else {
        body
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The report part of a plain-text bounce: what comes before the copy of the returned message.
fn before_copy(text: &str) -> &str {
    let mut end = text.len();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let lower = line.to_lowercase();
        if COPY_MARKERS.iter().any(|m| lower.contains(m)) {
            end = offset;
            break;
        }
        offset += line.len();
    }
    &text[..end]
}

/// The `Message-ID`s (and `References`) of the message a bounce returns: from its
/// `message/rfc822` or `text/rfc822-headers` part, or from the header lines of the copy a
/// plain-text bounce quotes.
fn returned_ids(mail: &ParsedMail<'_>, own_id: Option<&str>) -> Vec<String> {
    fn push(ids: &mut Vec<String>, value: &str, own_id: Option<&str>) {
        for id in value.split_whitespace() {
            let id = id.trim().trim_end_matches(',');
            if id.starts_with('<') && id.ends_with('>') && Some(id) != own_id && !ids.iter().any(|i| i == id) {
                ids.push(id.to_owned());
            }
        }
    }
    let mut ids = Vec::new();
    for part in mail.parts() {
        let t = mimetype(part);
        if t == "message/rfc822" || t == "text/rfc822-headers" || t == "message/rfc822-headers" {
            let raw = part.get_body_raw().unwrap_or_default();
            if let Ok((headers, _)) = mailparse::parse_headers(&raw) {
                for name in ["Message-ID", "References", "In-Reply-To"] {
                    for v in headers.get_all_values(name) {
                        push(&mut ids, &v, own_id);
                    }
                }
            }
        }
    }
    if ids.is_empty() {
        for line in plain_text(mail).lines() {
            let l = line.trim_start_matches(['>', ' ']);
            if let Some((name, value)) = l.split_once(':') {
                if name.eq_ignore_ascii_case("message-id") || name.eq_ignore_ascii_case("references") {
                    push(&mut ids, value, own_id);
                }
            }
        }
    }
    ids
}

/// An out-of-office or another message a program wrote.
fn is_automatic(headers: &[MailHeader], subject: &str) -> bool {
    let value = |name: &str| headers.get_first_value(name).map(|v| v.trim().to_ascii_lowercase());
    if value("Auto-Submitted").is_some_and(|v| !v.is_empty() && v != "no") {
        return true;
    }
    if ["X-Autoreply", "X-Autorespond", "X-Autoresponder"].iter().any(|h| headers.get_first_header(h).is_some()) {
        return true;
    }
    if value("Precedence").is_some_and(|p| matches!(p.as_str(), "auto_reply" | "bulk" | "junk")) {
        return true;
    }
    let s = fold(strip_prefixes(subject));
    s.starts_with("absence") || s.starts_with("absent") || AUTO_SUBJECTS.iter().any(|w| s.contains(w))
}

/// The subject without its `Re:`, `TR:`, `Fwd:` prefixes.
fn strip_prefixes(subject: &str) -> &str {
    let mut s = subject.trim();
    loop {
        let lower = s.to_ascii_lowercase();
        match ["re:", "re :", "tr:", "tr :", "fw:", "fwd:", "aw:"].iter().find(|p| lower.starts_with(*p)) {
            Some(p) => s = s[p.len()..].trim_start(),
            None => return s,
        }
    }
}

fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// Whether a text asks to leave the list: « désinscription », « unsubscribe », « STOP »…
fn asks_to_leave(text: &str) -> bool {
    let f = fold(text);
    UNSUBSCRIBE_WORDS.iter().any(|w| f.contains(w)) || words(&f).any(|w| w == "stop")
}

/// An unsubscribe request: sent to the unsubscribe address, or a subject (or a short first
/// line, as in a reply « STOP ») that asks for it.
fn unsubscribe(
    mail: &ParsedMail<'_>,
    subject: &str,
    from: Option<&str>,
    unsubscribe_address: Option<&str>,
) -> Option<Request> {
    let from = from?.to_owned();
    let unsubscribe_address = unsubscribe_address.map(str::to_lowercase);
    let to_list = unsubscribe_address
        .as_ref()
        .is_some_and(|u| all_addresses(&mail.headers, &["To", "Cc", "Delivered-To", "X-Original-To"]).contains(u));
    let text = plain_text(mail);
    let own: Vec<&str> =
        text.lines().map(str::trim).take_while(|l| !l.starts_with('>') && !is_quote_header(l)).collect();
    let first_line = own.iter().find(|l| !l.is_empty()).copied().unwrap_or("");
    let first_line_asks = words(&fold(first_line)).count() <= 4 && asks_to_leave(first_line);
    if !(to_list || asks_to_leave(strip_prefixes(subject)) || first_line_asks) {
        return None;
    }
    let mut mentioned = Vec::new();
    for m in own.iter().flat_map(|l| ADDRESS.find_iter(l)) {
        let a = m.as_str().trim_end_matches('.').to_lowercase();
        if a != from && Some(&a) != unsubscribe_address.as_ref() && !mentioned.contains(&a) {
            mentioned.push(a);
        }
    }
    Some(Request { from, mentioned })
}

/// « Le 3 mai 2020, X a écrit : », « On Mon, … wrote: », « -----Original Message----- ».
fn is_quote_header(line: &str) -> bool {
    let f = fold(line);
    (f.starts_with("le ") && (f.ends_with("a ecrit :") || f.ends_with("a ecrit:")))
        || (f.starts_with("on ") && f.ends_with("wrote:"))
        || f.starts_with("-----original message")
        || ((f.starts_with("de :") || f.starts_with("from:")) && f.contains('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_and_soft() {
        assert!(is_hard("5.1.1", "User unknown"));
        assert!(is_hard("5.4.4", "Host or domain name not found"));
        assert!(!is_hard("5.2.2", "Mailbox full"));
        assert!(!is_hard("5.0.0", "552 Quota exceeded"));
        assert!(!is_hard("4.2.2", "over quota"));
        assert!(!is_hard("5.7.1", "Message rejected as spam"));
        assert!(is_hard("5.0.0", "550 No such user here"));
        assert!(!is_hard("5.0.0", "550 Administrative prohibition"));
    }

    #[test]
    fn prefixes_and_words() {
        assert_eq!(strip_prefixes("RE : TR: Re:Covid'actu n°6"), "Covid'actu n°6");
        assert!(asks_to_leave("Re: STOP!"));
        assert!(!asks_to_leave("Stopper la transmission"));
    }

    #[test]
    fn a_message_that_does_not_parse_is_left_for_a_human() {
        assert_eq!(classify(b"", None).kind, Kind::Other);
        assert_eq!(classify(b"\xff\xfe garbage\n\n", None).kind, Kind::Other);
    }
}
