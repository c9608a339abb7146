//! The server addresses given for one run, `--smtp` and `--imap`: `smtp://[user@]host[:port]`,
//! `smtps://…` (TLS from the first byte), `?tls=starttls|tls|none`; the same for `imap://`
//! and `imaps://`. The plain scheme means STARTTLS, except to a loopback address where it
//! means no encryption. A password never belongs in the address.

use crate::content::config::TlsMode;
use crate::error::Diagnostic;
use crate::i18n::msg;
use std::net::ToSocketAddrs;

/// Which kind of server the address names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Smtp,
    Imap,
}

impl Protocol {
    fn scheme(self) -> &'static str {
        match self {
            Protocol::Smtp => "smtp",
            Protocol::Imap => "imap",
        }
    }

    /// The port of the plain scheme.
    fn plain_port(self) -> u16 {
        match self {
            Protocol::Smtp => 25,
            Protocol::Imap => 143,
        }
    }
}

/// A server as messages name it: `imap://user@host:port (STARTTLS)`, never the password.
pub fn describe(protocol: Protocol, user: Option<&str>, host: &str, port: u16, tls: TlsMode) -> String {
    let scheme = protocol.scheme();
    let s = if tls == TlsMode::Tls { "s" } else { "" };
    let user = user.map(|u| format!("{u}@")).unwrap_or_default();
    let mode = match tls {
        TlsMode::Starttls => "STARTTLS".to_owned(),
        TlsMode::Tls => "TLS".to_owned(),
        TlsMode::None => msg::no_encryption(),
    };
    format!("{scheme}{s}://{user}{host}:{port} ({mode})")
}

/// What an address says.
#[derive(Debug)]
pub struct ParsedUrl {
    pub host: String,
    pub port: Option<u16>,
    pub tls: TlsMode,
    pub user: Option<String>,
}

/// Whether every address `host` resolves to is a loopback one.
pub fn is_loopback(host: &str, port: u16) -> bool {
    match (host, port).to_socket_addrs() {
        Ok(addrs) => {
            let addrs: Vec<_> = addrs.collect();
            !addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback())
        }
        Err(_) => false,
    }
}

/// Reads a server address for `protocol`.
pub fn parse(raw: &str, protocol: Protocol) -> Result<ParsedUrl, Diagnostic> {
    let scheme = protocol.scheme();
    let bad = |why: &str| {
        Diagnostic::error(msg::not_a_server_url(raw, scheme.to_uppercase(), why))
            .with_help(msg::server_url_help(scheme))
    };
    let url = url::Url::parse(raw).map_err(|e| bad(&e.to_string()))?;
    let host = url.host_str().filter(|h| !h.is_empty()).ok_or_else(|| bad(&msg::url_without_host()))?;
    let host = host.trim_start_matches('[').trim_end_matches(']').to_owned();
    if url.password().is_some() {
        return Err(bad(&msg::password_in_url()).with_help(msg::password_in_url_help(scheme)));
    }
    let mut tls = match url.scheme() {
        s if s == scheme && is_loopback(&host, url.port().unwrap_or(protocol.plain_port())) => TlsMode::None,
        s if s == scheme => TlsMode::Starttls,
        s if s.strip_prefix(scheme) == Some("s") => TlsMode::Tls,
        other => return Err(bad(&msg::unknown_scheme(other))),
    };
    for (k, v) in url.query_pairs() {
        match (k.as_ref(), v.as_ref()) {
            ("tls", "starttls") => tls = TlsMode::Starttls,
            ("tls", "tls") => tls = TlsMode::Tls,
            ("tls", "none") => tls = TlsMode::None,
            _ => return Err(bad(&msg::unknown_parameter(format!("{k}={v}")))),
        }
    }
    let user = Some(url.username())
        .filter(|u| !u.is_empty())
        .map(|u| percent_encoding::percent_decode_str(u).decode_utf8_lossy().into_owned());
    Ok(ParsedUrl { host, port: url.port(), tls, user })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imap_addresses_follow_the_smtp_rules() {
        let p = parse("imap://coord@127.0.0.1:1143", Protocol::Imap).unwrap();
        assert_eq!(
            (p.host.as_str(), p.port, p.tls, p.user.as_deref()),
            ("127.0.0.1", Some(1143), TlsMode::None, Some("coord"))
        );
        assert_eq!(parse("imaps://mail.example.org", Protocol::Imap).unwrap().tls, TlsMode::Tls);
        assert_eq!(parse("imap://mail.example.org", Protocol::Imap).unwrap().tls, TlsMode::Starttls);
        assert!(parse("smtp://mail.example.org", Protocol::Imap).is_err());
        let e = parse("imap://coord:secret@127.0.0.1", Protocol::Imap).unwrap_err();
        assert!(e.help.unwrap().contains("mailing.imap.password_env"));
    }
}
