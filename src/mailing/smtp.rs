//! The SMTP side of sending: which server (site.yaml's `mailing.smtp`, or `--smtp` /
//! `COVIDACTU_SMTP_URL` for one run), connecting with the right TLS mode, and handing over one
//! message while telling apart what was refused before the message was transmitted (safe to
//! retry) from what was lost after it (fate unknown).

use super::server_url::{self, Protocol};
use crate::content::config::{SmtpConfig, TlsMode};
use crate::error::Diagnostic;
use crate::i18n::msg;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use std::fmt;
use std::path::Path;
use std::time::Duration;

/// The environment variable that overrides host, port and TLS mode for one run.
pub const URL_ENV: &str = "COVIDACTU_SMTP_URL";

/// A resolved SMTP server: where, how, as whom.
#[derive(Clone)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: Option<String>,
    password: Option<String>,
    tls_parameters: Option<TlsParameters>,
    pub timeout: Duration,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let described = server_url::describe(Protocol::Smtp, self.user.as_deref(), &self.host, self.port, self.tls);
        f.write_str(&described)
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server accepted it (its reply).
    Sent(String),
    /// Refused for good (5xx): not retried.
    Permanent(String),
    /// Refused for now (4xx), or the connection failed before the message was transmitted:
    /// nothing was delivered, it may be retried.
    Transient(String),
    /// The message was transmitted but no reply came: it may or may not have been delivered.
    Unknown(String),
}

impl Server {
    /// The server of `config`, overridden by `url` (`smtp://host:port`, `smtps://host:port`,
    /// `?tls=starttls|tls|none`). The password comes from the environment variable named in
    /// the configuration, never from a file or a URL. Plaintext is refused unless every address
    /// of the host is a loopback one.
    pub fn resolve(config: &SmtpConfig, url: Option<&str>, root: &Path) -> Result<Server, Diagnostic> {
        let in_config = |msg: String| Diagnostic::error(msg).in_file("site.yaml");
        let mut host = config.host.clone();
        let mut port = config.port;
        let mut tls = config.tls;
        let mut user = config.user.clone();
        if let Some(url) = url {
            let parsed = server_url::parse(url, Protocol::Smtp)?;
            host = Some(parsed.host);
            port = parsed.port;
            tls = parsed.tls;
            if parsed.user.is_some() {
                user = parsed.user;
            }
        }
        let Some(host) = host else {
            return Err(in_config(msg::no_smtp_server()).with_help(msg::no_smtp_server_help(URL_ENV)));
        };
        let port = port.unwrap_or(match tls {
            TlsMode::Starttls => 587,
            TlsMode::Tls => 465,
            TlsMode::None => 25,
        });
        if tls == TlsMode::None && !server_url::is_loopback(&host, port) {
            return Err(Diagnostic::error(msg::plaintext_refused(&host)).with_help(msg::plaintext_refused_help()));
        }
        let password = match &user {
            Some(u) => Some(std::env::var(&config.password_env).map_err(|_| {
                Diagnostic::error(msg::smtp_password_missing(u))
                    .with_help(msg::password_in_env_help(&config.password_env))
            })?),
            None => None,
        };
        let tls_parameters = match tls {
            TlsMode::None => None,
            _ => {
                let mut builder = TlsParameters::builder(host.clone());
                if let Some(ca) = &config.ca_file {
                    let path = root.join(ca);
                    let pem =
                        std::fs::read(&path).map_err(|e| in_config(msg::cannot_read_ca_file(path.display(), e)))?;
                    let cert = Certificate::from_pem(&pem)
                        .map_err(|e| in_config(msg::not_a_certificate(path.display(), e)))?;
                    builder = builder.add_root_certificate(cert);
                }
                Some(builder.build_rustls().map_err(|e| Diagnostic::error(msg::cannot_set_up_tls(e)))?)
            }
        };
        Ok(Server {
            host,
            port,
            tls,
            user,
            password,
            tls_parameters,
            timeout: Duration::from_secs_f64(config.timeout.max(0.1)),
        })
    }

    /// Opens a connection: greeting, EHLO, STARTTLS when asked (refused if the server cannot),
    /// and AUTH when a user is set.
    pub fn connect(&self) -> Result<SmtpConnection, lettre::transport::smtp::Error> {
        let hello = ClientId::default();
        let implicit = if self.tls == TlsMode::Tls { self.tls_parameters.as_ref() } else { None };
        let mut conn =
            SmtpConnection::connect((self.host.as_str(), self.port), Some(self.timeout), &hello, implicit, None)?;
        if self.tls == TlsMode::Starttls {
            if let Some(params) = &self.tls_parameters {
                conn.starttls(params, &hello)?;
            }
        }
        if let (Some(user), Some(password)) = (&self.user, &self.password) {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], &Credentials::new(user.clone(), password.clone()))?;
        }
        Ok(conn)
    }
}

/// Hands `message` to the server over `conn`. `before_transfer` runs once the server has
/// accepted the envelope and is ready for the content (354), just before the content is
/// written: that is where the journal records that the message's fate is about to leave our
/// hands; if it returns false the content is not sent. After any failure the connection is
/// reset or marked broken.
pub fn deliver(
    conn: &mut SmtpConnection,
    envelope: &Envelope,
    message: &[u8],
    before_transfer: impl FnOnce() -> bool,
) -> Outcome {
    let mut options = Vec::new();
    if !message.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let non_ascii = |a: &lettre::Address| !AsRef::<str>::as_ref(a).is_ascii();
    if envelope.from().is_some_and(non_ascii) || envelope.to().iter().any(non_ascii) {
        options.push(MailParameter::SmtpUtfEight);
    }
    let before = (|| {
        conn.command(Mail::new(envelope.from().cloned(), options))?;
        for to in envelope.to() {
            conn.command(Rcpt::new(to.clone(), vec![]))?;
        }
        conn.command(Data)
    })();
    if let Err(e) = before {
        let outcome = refused(&e, true);
        if conn.command(Rset).is_err() {
            conn.abort();
        }
        return outcome;
    }
    if !before_transfer() {
        conn.abort();
        return Outcome::Transient(msg::journal_could_not_record());
    }
    let sent = match std::str::from_utf8(message) {
        // One write for the content and its final dot: written in two, the dot waits for the
        // server's delayed acknowledgement of the content (Nagle), 40 ms per message.
        Ok(text) => conn.command(Content(text)),
        Err(_) => conn.message(message),
    };
    match sent {
        Ok(reply) => Outcome::Sent(reply_text(&reply)),
        Err(e) if e.is_permanent() || e.is_transient() => refused(&e, false),
        Err(e) => {
            conn.abort();
            Outcome::Unknown(msg::no_reply_after_message(e))
        }
    }
}

/// A message's content as sent after DATA: dot-stuffed (RFC 5321 §4.5.2), ending with the
/// line holding a single dot.
struct Content<'a>(&'a str);

impl fmt::Display for Content<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, line) in self.0.split("\r\n").enumerate() {
            if i > 0 {
                f.write_str("\r\n")?;
            }
            if line.starts_with('.') {
                f.write_str(".")?;
            }
            f.write_str(line)?;
        }
        if !self.0.ends_with("\r\n") {
            f.write_str("\r\n")?;
        }
        f.write_str(".\r\n")
    }
}

/// The outcome of an error that happened while nothing was delivered.
fn refused(e: &lettre::transport::smtp::Error, before_message: bool) -> Outcome {
    let text = error_text(e);
    if e.is_permanent() {
        Outcome::Permanent(text)
    } else if e.is_transient() {
        Outcome::Transient(text)
    } else {
        Outcome::Transient(if before_message {
            msg::connection_failed_before_message(text)
        } else {
            msg::connection_failed(text)
        })
    }
}

/// An SMTP error as the server's reply (`550 5.1.1 No such user`) when it is one.
fn error_text(e: &lettre::transport::smtp::Error) -> String {
    let text = e.to_string();
    match (e.status(), text.split_once("): ")) {
        (Some(code), Some((_, reply))) => format!("{code} {reply}"),
        _ => text,
    }
}

fn reply_text(reply: &Response) -> String {
    let code = reply.code();
    let text: Vec<&str> = reply.message().collect();
    format!("{code} {}", text.join(" ")).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str) -> Result<Server, Diagnostic> {
        Server::resolve(&SmtpConfig::default(), Some(url), Path::new("."))
    }

    #[test]
    fn content_is_dot_stuffed_and_ends_with_a_dot_line() {
        assert_eq!(Content(".a\r\nb\r\n..c\r\n").to_string(), "..a\r\nb\r\n...c\r\n.\r\n");
        assert_eq!(Content("x").to_string(), "x\r\n.\r\n");
    }

    #[test]
    fn urls_choose_the_tls_mode() {
        let s = server("smtp://127.0.0.1:2525").unwrap();
        assert_eq!((s.host.as_str(), s.port, s.tls), ("127.0.0.1", 2525, TlsMode::None));
        let s = server("smtp://127.0.0.1:2525?tls=starttls").unwrap();
        assert_eq!(s.tls, TlsMode::Starttls);
        let s = server("smtps://localhost").unwrap();
        assert_eq!((s.port, s.tls), (465, TlsMode::Tls));
        assert_eq!(s.to_string(), "smtps://localhost:465 (TLS)");
    }

    #[test]
    fn plaintext_only_to_loopback_and_no_password_in_urls() {
        let e = server("smtp://192.0.2.1:25?tls=none").unwrap_err();
        assert!(e.message.contains("sans chiffrement"), "{}", e.message);
        let e = server("smtp://user:secret@127.0.0.1").unwrap_err();
        assert!(e.help.as_deref().unwrap_or("").contains("password_env"));
        assert!(server("http://127.0.0.1").is_err());
        let none = Server::resolve(&SmtpConfig::default(), None, Path::new(".")).unwrap_err();
        assert!(none.message.contains("mailing.smtp.host"));
    }

    #[test]
    fn the_password_comes_from_the_environment() {
        let config = SmtpConfig {
            host: Some("127.0.0.1".into()),
            tls: TlsMode::None,
            user: Some("coord".into()),
            password_env: "COVIDACTU_TEST_UNSET_PASSWORD".into(),
            ..SmtpConfig::default()
        };
        let e = Server::resolve(&config, None, Path::new(".")).unwrap_err();
        assert!(e.help.unwrap().contains("COVIDACTU_TEST_UNSET_PASSWORD"));
    }
}
