//! The IMAP side of reading the CPTS mailbox: which server (site.yaml's `mailing.imap`, or
//! `--imap` for one run), connecting with the right TLS mode (a server that does not offer
//! STARTTLS when it is required is an error, never a silent plaintext login), and the few
//! commands `inbox` needs: list a folder, fetch the start of each message without marking it
//! read, move the messages used (or flag them where the server cannot move).

use super::server_url::{self, Protocol};
use crate::content::config::{ImapConfig, TlsMode};
use crate::error::Diagnostic;
use crate::i18n::msg;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use std::fmt;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The environment variable that overrides host, port, user and TLS mode for one run.
pub const URL_ENV: &str = "COVIDACTU_IMAP_URL";

/// The keyword set on the messages used when the server cannot move them; such messages are
/// not read again.
pub const DONE_KEYWORD: &str = "$CovidactuTraite";

/// A resolved IMAP server: where, how, as whom.
pub struct Server {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: String,
    password: String,
    tls_config: Option<Arc<rustls::ClientConfig>>,
    pub timeout: Duration,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let described = server_url::describe(Protocol::Imap, Some(&self.user), &self.host, self.port, self.tls);
        f.write_str(&described)
    }
}

impl Server {
    /// The server of `config`, overridden by `url` (`imap://user@host:port`,
    /// `imaps://…`, `?tls=…`). The password comes from the environment variable named in
    /// the configuration. Plaintext is refused unless every address of the host is a
    /// loopback one.
    pub fn resolve(config: &ImapConfig, url: Option<&str>, root: &Path) -> Result<Server, Diagnostic> {
        let in_config = |m: String| Diagnostic::error(m).in_file("site.yaml");
        let (mut host, mut port, mut tls, mut user) =
            (config.host.clone(), config.port, config.tls, config.user.clone());
        if let Some(url) = url {
            let parsed = server_url::parse(url, Protocol::Imap)?;
            host = Some(parsed.host);
            port = parsed.port;
            tls = parsed.tls;
            if parsed.user.is_some() {
                user = parsed.user;
            }
        }
        let Some(host) = host else {
            return Err(in_config(msg::no_imap_server()).with_help(msg::no_imap_server_help()));
        };
        let Some(user) = user else {
            return Err(in_config(msg::no_imap_user()).with_help(msg::no_imap_server_help()));
        };
        let port = port.unwrap_or(if tls == TlsMode::Tls { 993 } else { 143 });
        if tls == TlsMode::None && !server_url::is_loopback(&host, port) {
            return Err(
                Diagnostic::error(msg::imap_plaintext_refused(&host)).with_help(msg::imap_plaintext_refused_help())
            );
        }
        let password = std::env::var(&config.password_env).map_err(|_| {
            Diagnostic::error(msg::imap_password_missing(&user))
                .with_help(msg::password_in_env_help(&config.password_env))
        })?;
        let tls_config = match tls {
            TlsMode::None => None,
            _ => Some(tls_config(config.ca_file.as_deref(), root).map_err(in_config)?),
        };
        Ok(Server {
            host,
            port,
            tls,
            user,
            password,
            tls_config,
            timeout: Duration::from_secs_f64(config.timeout.max(0.1)),
        })
    }

    /// Connects and logs in. The error is a sentence for the user.
    pub fn connect(&self) -> Result<Mailbox, String> {
        let addr = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| e.to_string())?
            .next()
            .ok_or_else(msg::url_without_host)?;
        let tcp = TcpStream::connect_timeout(&addr, self.timeout).map_err(|e| e.to_string())?;
        tcp.set_read_timeout(Some(self.timeout)).map_err(|e| e.to_string())?;
        tcp.set_write_timeout(Some(self.timeout)).map_err(|e| e.to_string())?;
        let client = match self.tls {
            TlsMode::None => {
                let mut c = imap::Client::new(Stream::Plain(tcp));
                c.read_greeting().map_err(|e| e.to_string())?;
                c
            }
            TlsMode::Tls => {
                let mut c = imap::Client::new(self.handshake(tcp)?);
                c.read_greeting().map_err(|e| e.to_string())?;
                c
            }
            TlsMode::Starttls => {
                let mut tcp = tcp;
                starttls(&mut tcp)?;
                let mut c = imap::Client::new(self.handshake(tcp)?);
                c.greeting_read = true;
                c
            }
        };
        let mut session =
            client.login(&self.user, &self.password).map_err(|(e, _)| msg::imap_login_refused(&self.user, e))?;
        let caps = session.capabilities().map_err(|e| e.to_string())?;
        let can_move = caps.has_str("MOVE");
        Ok(Mailbox { session, can_move })
    }

    fn handshake(&self, tcp: TcpStream) -> Result<Stream, String> {
        let config = self.tls_config.clone().ok_or_else(|| msg::cannot_set_up_tls("no configuration"))?;
        let name = ServerName::try_from(self.host.clone()).map_err(|e| e.to_string())?;
        let conn = rustls::ClientConnection::new(config, name).map_err(|e| e.to_string())?;
        let mut stream = rustls::StreamOwned::new(conn, tcp);
        // Complete the handshake now, so that a certificate problem is told as such.
        while stream.conn.is_handshaking() {
            stream.conn.complete_io(&mut stream.sock).map_err(msg::imap_tls_failed)?;
        }
        Ok(Stream::Tls(Box::new(stream)))
    }
}

/// The plain start of a STARTTLS connection: the greeting, the capabilities (an error when
/// STARTTLS is not among them), the command and its OK. Read byte by byte: nothing of the
/// encrypted part must be consumed here.
fn starttls(tcp: &mut TcpStream) -> Result<(), String> {
    fn line(tcp: &mut TcpStream) -> Result<String, String> {
        let mut out = Vec::new();
        let mut byte = [0u8; 1];
        while out.last() != Some(&b'\n') {
            match tcp.read(&mut byte) {
                Ok(0) => return Err(msg::imap_connection_closed()),
                Ok(_) => out.push(byte[0]),
                Err(e) => return Err(e.to_string()),
            }
            if out.len() > 64 * 1024 {
                return Err(msg::imap_connection_closed());
            }
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
    fn command(tcp: &mut TcpStream, tag: &str, command: &str) -> Result<Vec<String>, String> {
        tcp.write_all(format!("{tag} {command}\r\n").as_bytes()).map_err(|e| e.to_string())?;
        let mut lines = Vec::new();
        loop {
            let l = line(tcp)?;
            if let Some(rest) = l.strip_prefix(tag).and_then(|r| r.strip_prefix(' ')) {
                if rest.to_ascii_uppercase().starts_with("OK") {
                    return Ok(lines);
                }
                return Err(format!("{command} : {}", rest.trim()));
            }
            lines.push(l);
        }
    }
    let greeting = line(tcp)?;
    if !greeting.to_ascii_uppercase().starts_with("* OK") {
        return Err(greeting.trim().to_owned());
    }
    let caps = command(tcp, "s0", "CAPABILITY")?;
    let offered = caps.iter().any(|l| l.to_ascii_uppercase().split_whitespace().any(|w| w == "STARTTLS"));
    if !offered {
        return Err(msg::imap_no_starttls());
    }
    command(tcp, "s1", "STARTTLS").map(|_| ())
}

/// The machine's root certificates, and the site's own authority when `ca_file` names one.
fn tls_config(ca_file: Option<&str>, root: &Path) -> Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(ca) = ca_file {
        let path = root.join(ca);
        let certs = CertificateDer::pem_file_iter(&path)
            .map_err(|e| msg::cannot_read_ca_file(path.display(), e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| msg::not_a_certificate(path.display(), e))?;
        for cert in certs {
            roots.add(cert).map_err(|e| msg::not_a_certificate(path.display(), e))?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(msg::cannot_set_up_tls)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The connection, encrypted or not.
enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// A logged-in session.
pub struct Mailbox {
    session: imap::Session<Stream>,
    /// The server has MOVE (RFC 6851).
    pub can_move: bool,
}

/// A mailbox name as IMAP writes it (modified UTF-7: `Traités` → `Trait&AOk-s`).
fn encoded(name: &str) -> String {
    utf7_imap::encode_utf7_imap(name.to_owned())
}

impl Mailbox {
    /// Opens `folder` for reading and moving; returns the UIDs of its messages not already
    /// flagged as used, in order.
    pub fn open(&mut self, folder: &str) -> Result<Vec<u32>, String> {
        self.session.select(encoded(folder)).map_err(|e| msg::imap_no_folder(folder, e))?;
        let mut uids: Vec<u32> = self
            .session
            .uid_search(format!("NOT KEYWORD {DONE_KEYWORD}"))
            .map_err(|e| e.to_string())?
            .into_iter()
            .collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// The first `limit` bytes of each message of `uids`, without marking them read.
    pub fn fetch(&mut self, uids: &[u32], limit: usize) -> Result<Vec<(u32, Vec<u8>)>, String> {
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let fetches = self
            .session
            .uid_fetch(uid_set(uids), format!("(UID BODY.PEEK[]<0.{limit}>)"))
            .map_err(|e| e.to_string())?;
        let mut out: Vec<(u32, Vec<u8>)> =
            fetches.iter().filter_map(|f| Some((f.uid?, f.body().unwrap_or_default().to_vec()))).collect();
        out.sort_by_key(|(uid, _)| *uid);
        Ok(out)
    }

    /// Creates `folder` unless it exists.
    pub fn ensure_folder(&mut self, folder: &str) -> Result<(), String> {
        let name = encoded(folder);
        let names = self.session.list(Some(""), Some(&name)).map_err(|e| e.to_string())?;
        if names.iter().next().is_none() {
            self.session.create(&name).map_err(|e| msg::imap_cannot_create_folder(folder, e))?;
        }
        Ok(())
    }

    /// Moves `uids` to `folder`; where the server cannot move, flags them read and used.
    pub fn set_aside(&mut self, uids: &[u32], folder: &str) -> Result<(), String> {
        if uids.is_empty() {
            return Ok(());
        }
        let set = uid_set(uids);
        if self.can_move {
            self.session.uid_mv(&set, encoded(folder)).map_err(|e| e.to_string())
        } else {
            self.session
                .uid_store(&set, format!("+FLAGS.SILENT (\\Seen {DONE_KEYWORD})"))
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
    }

    /// Says goodbye; a failure here changes nothing.
    pub fn logout(mut self) {
        let _ = self.session.logout();
    }
}

/// `1:3,7,9:10`
fn uid_set(uids: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compact() {
        assert_eq!(uid_set(&[1, 2, 3, 7, 9, 10]), "1:3,7,9:10");
        assert_eq!(uid_set(&[4]), "4");
    }

    #[test]
    fn folder_names_are_modified_utf7() {
        assert_eq!(encoded("Traités"), "Trait&AOk-s");
        assert_eq!(encoded("INBOX"), "INBOX");
    }

    #[test]
    fn plaintext_only_to_loopback_and_the_password_from_the_environment() {
        let config = ImapConfig { password_env: "COVIDACTU_TEST_UNSET_IMAP".into(), ..ImapConfig::default() };
        let e = Server::resolve(&config, Some("imap://coord@192.0.2.1?tls=none"), Path::new(".")).unwrap_err();
        assert!(e.message.contains("sans chiffrement"), "{}", e.message);
        let e = Server::resolve(&config, Some("imap://coord@127.0.0.1:1143"), Path::new(".")).unwrap_err();
        assert!(e.help.unwrap().contains("COVIDACTU_TEST_UNSET_IMAP"));
        let e = Server::resolve(&config, None, Path::new(".")).unwrap_err();
        assert!(e.message.contains("mailing.imap.host"), "{}", e.message);
    }
}
