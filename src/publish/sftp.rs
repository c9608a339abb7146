//! Shared web hosting reached by SFTP: `sftp://USER@HOST[:PORT]/PATH`.
//!
//! The server is trusted only when its key is the one expected: `publish.host_key` in
//! `site.yaml` when given, else the user's `~/.ssh/known_hosts`. An unknown key stops the
//! publish with its fingerprint and how to accept it; a changed key is refused. The user
//! signs in with the password in `COVIDACTU_SFTP_PASSWORD` when it is set (never from the
//! address or `site.yaml`), else with the keys of the ssh-agent and the key files
//! (`publish.key`, or `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`).
//!
//! Each file is written beside its place and renamed over the old one with OpenSSH's
//! `posix-rename`, so a reader never gets half a page; files of a batch are sent side by
//! side over one connection.

use super::host::Host;
use crate::i18n::msg;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use russh::client;
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKey};
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::client::RawSftpSession;
use russh_sftp::protocol::{FileAttributes, OpenFlags, StatusCode};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The environment variable holding the SFTP password.
pub const PASSWORD_VAR: &str = "COVIDACTU_SFTP_PASSWORD";
/// The environment variable holding the passphrase of a protected key file.
pub const PASSPHRASE_VAR: &str = "COVIDACTU_SFTP_PASSPHRASE";

/// Files sent at once over the connection.
const SIDE_BY_SIDE: usize = 16;
/// The size of one write request; OpenSSH takes up to 255 KiB.
const CHUNK: usize = 64 * 1024;
const ASIDE: &str = ".covidactu-envoi";

/// An `sftp://` destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub user: String,
    pub host: String,
    pub port: u16,
    /// The folder on the server: absolute, or from the user's home folder when it starts
    /// with `~/`.
    pub path: String,
}

impl Address {
    /// Reads an `sftp://USER@HOST[:PORT]/PATH` address; the error says what is wrong.
    pub fn from_url(url: &url::Url) -> Result<Address, String> {
        if url.password().is_some() {
            return Err(msg::sftp_password_in_url(PASSWORD_VAR));
        }
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
        let user = decode(url.username());
        if user.is_empty() {
            return Err(msg::sftp_no_user());
        }
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or_else(msg::sftp_no_host)?;
        let host = host.trim_start_matches('[').trim_end_matches(']').to_string();
        let mut path = decode(url.path());
        if let Some(home) = path.strip_prefix("/~") {
            path = format!("~{home}");
        }
        let path = path.trim_end_matches('/').to_string();
        Ok(Address {
            user,
            host,
            port: url.port().unwrap_or(22),
            path: if path.is_empty() { "/".into() } else { path },
        })
    }

    /// The address as shown to the user (no secret in it).
    pub fn describe(&self) -> String {
        let port = if self.port == 22 { String::new() } else { format!(":{}", self.port) };
        let path = if self.path.starts_with('/') { self.path.clone() } else { format!("/{}", self.path) };
        format!("sftp://{}@{}{port}{path}", self.user, self.host)
    }

    /// The server's name as `known_hosts` writes it.
    fn known_hosts_name(&self) -> String {
        if self.port == 22 {
            self.host.clone()
        } else {
            format!("[{}]:{}", self.host, self.port)
        }
    }
}

/// How the server and the user are checked, from `site.yaml`'s `publish` section.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// The expected fingerprint of the server's key, `SHA256:…`.
    pub host_key: Option<String>,
    /// A private key file to sign in with.
    pub key: Option<PathBuf>,
}

/// Why a server's key was not trusted.
#[derive(Debug, Clone)]
enum Refused {
    Unknown { fingerprint: String },
    Changed { fingerprint: String, file: PathBuf, line: usize },
    NotExpected { fingerprint: String, expected: String },
    Unreadable { file: PathBuf, error: String },
}

struct Checker {
    address: Address,
    expected: Option<String>,
    refused: Arc<Mutex<Option<Refused>>>,
}

fn home() -> Option<PathBuf> {
    std::env::home_dir().filter(|h| !h.as_os_str().is_empty())
}

impl Checker {
    fn verdict(&self, key: &PublicKey) -> Option<Refused> {
        let fingerprint = key.fingerprint(HashAlg::Sha256).to_string();
        if let Some(expected) = &self.expected {
            let same = expected.trim().trim_start_matches("SHA256:") == fingerprint.trim_start_matches("SHA256:");
            return (!same).then(|| Refused::NotExpected { fingerprint, expected: expected.trim().to_string() });
        }
        let Some(file) = home().map(|h| h.join(".ssh").join("known_hosts")) else {
            return Some(Refused::Unknown { fingerprint });
        };
        match russh::keys::known_hosts::known_host_keys_path(&self.address.host, self.address.port, &file) {
            Ok(known) => {
                if known.iter().any(|(_, k)| k == key) {
                    return None;
                }
                match known.iter().find(|(_, k)| k.algorithm() == key.algorithm()) {
                    Some((line, _)) => {
                        let line = file_line(&file, *line);
                        Some(Refused::Changed { fingerprint, file, line })
                    }
                    None => Some(Refused::Unknown { fingerprint }),
                }
            }
            Err(e) => Some(Refused::Unreadable { file, error: e.to_string() }),
        }
    }
}

/// The line of `known_hosts` that russh numbers `nth`: it does not count the comment lines.
fn file_line(file: &std::path::Path, nth: usize) -> usize {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut counted = 0;
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with('#') {
            counted += 1;
            if counted == nth {
                return i + 1;
            }
        }
    }
    nth
}

impl client::Handler for Checker {
    type Error = russh::Error;

    async fn check_server_key(&mut self, key: &russh::keys::PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        let verdict = self.verdict(&key.public_key());
        let trusted = verdict.is_none();
        if let Ok(mut slot) = self.refused.lock() {
            *slot = verdict;
        }
        Ok(trusted)
    }
}

/// A folder on an SFTP server, over one SSH connection.
pub struct Sftp {
    runtime: tokio::runtime::Runtime,
    ssh: client::Handle<Checker>,
    sftp: Arc<RawSftpSession>,
    address: Address,
    /// The published folder on the server, absolute, without a final `/`.
    root: String,
    posix_rename: bool,
}

fn status(e: &SftpError) -> Option<StatusCode> {
    match e {
        SftpError::Status(s) => Some(s.status_code),
        _ => None,
    }
}

/// An SFTP error as the user reads it.
fn say(e: SftpError) -> String {
    match e {
        SftpError::Status(s) if s.status_code == StatusCode::PermissionDenied => msg::sftp_permission_denied(),
        SftpError::Status(s) if s.status_code == StatusCode::NoSuchFile => msg::sftp_no_such_file(),
        SftpError::Status(s) => s.error_message,
        SftpError::Timeout | SftpError::IO(_) | SftpError::UnexpectedBehavior(_) => msg::sftp_connection_lost(),
        other => other.to_string(),
    }
}

impl Sftp {
    /// Connects, checks the server's key, signs in and opens the folder; for a dry run,
    /// without making it when it is missing.
    pub fn open(address: &Address, trust: &Trust, dry: bool) -> Result<Sftp, crate::error::Diagnostic> {
        use crate::error::Diagnostic;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Diagnostic::error(msg::sftp_cannot_connect(address.describe(), e)))?;
        let refused = Arc::new(Mutex::new(None));
        let checker = Checker { address: address.clone(), expected: trust.host_key.clone(), refused: refused.clone() };
        let config = Arc::new(client::Config {
            inactivity_timeout: Some(Duration::from_secs(60)),
            nodelay: true,
            ..Default::default()
        });
        let describe = address.describe();
        let mut ssh = runtime.block_on(async {
            let tcp = tokio::time::timeout(
                Duration::from_secs(15),
                tokio::net::TcpStream::connect((address.host.as_str(), address.port)),
            )
            .await
            .map_err(|_| Diagnostic::error(msg::sftp_cannot_connect(&describe, msg::sftp_timed_out())))?
            .map_err(|e| Diagnostic::error(msg::sftp_cannot_connect(&describe, e)))?;
            tcp.set_nodelay(true).ok();
            client::connect_stream(config, tcp, checker).await.map_err(|e| {
                let refused = refused.lock().ok().and_then(|mut r| r.take());
                match refused {
                    Some(r) => refusal(address, r),
                    None => Diagnostic::error(msg::sftp_cannot_connect(&describe, e)),
                }
            })
        })?;
        runtime.block_on(sign_in(&mut ssh, address, trust))?;
        let (sftp, posix_rename, home) = runtime
            .block_on(async {
                let channel = ssh.channel_open_session().await.map_err(|e| e.to_string())?;
                channel.request_subsystem(true, "sftp").await.map_err(|e| e.to_string())?;
                let sftp = RawSftpSession::new(channel.into_stream());
                sftp.set_timeout(30);
                let version = sftp.init().await.map_err(say)?;
                let posix_rename = version.extensions.contains_key("posix-rename@openssh.com");
                let home = sftp.realpath(".").await.map_err(say)?.files.into_iter().next().map(|f| f.filename);
                Ok::<_, String>((sftp, posix_rename, home))
            })
            .map_err(|e| Diagnostic::error(msg::sftp_cannot_connect(&describe, e)))?;
        let root = match address.path.strip_prefix('~') {
            Some(rest) => format!("{}{rest}", home.unwrap_or_default().trim_end_matches('/')),
            None => address.path.clone(),
        };
        let root = if root.len() > 1 { root.trim_end_matches('/').to_string() } else { root };
        let mut host = Sftp { runtime, ssh, sftp: Arc::new(sftp), address: address.clone(), root, posix_rename };
        host.make_root(dry).map_err(|e| Diagnostic::error(msg::publish_failed(&describe, e)))?;
        Ok(host)
    }

    /// Makes the published folder if only it is missing, as for a folder host.
    fn make_root(&mut self, dry: bool) -> Result<(), String> {
        let sftp = self.sftp.clone();
        let root = self.root.clone();
        self.runtime.block_on(async move {
            match sftp.stat(root.as_str()).await {
                Ok(_) => return Ok(()),
                Err(e) if status(&e) == Some(StatusCode::NoSuchFile) => {}
                Err(e) => return Err(msg::path_error(root, say(e))),
            }
            let parent = match root.rsplit_once('/') {
                Some(("", _)) => "/",
                Some((parent, _)) => parent,
                None => ".",
            };
            match sftp.stat(parent).await {
                Ok(_) if dry => Ok(()),
                Ok(_) => sftp
                    .mkdir(root.as_str(), dir_attributes())
                    .await
                    .map(|_| ())
                    .map_err(|e| msg::path_error(root, say(e))),
                Err(_) => Err(msg::sftp_folder_missing(&root)),
            }
        })
    }

    fn full(&self, path: &str) -> String {
        if self.root == "/" {
            format!("/{path}")
        } else {
            format!("{}/{path}", self.root)
        }
    }
}

fn dir_attributes() -> FileAttributes {
    FileAttributes { permissions: Some(0o755), ..FileAttributes::empty() }
}

fn file_attributes() -> FileAttributes {
    FileAttributes { permissions: Some(0o644), ..FileAttributes::empty() }
}

/// The diagnostic for a server key that is not trusted.
fn refusal(address: &Address, refused: Refused) -> crate::error::Diagnostic {
    use crate::error::Diagnostic;
    let server = address.known_hosts_name();
    match refused {
        Refused::Unknown { fingerprint } => Diagnostic::error(msg::sftp_unknown_host_key(&server, &fingerprint))
            .with_help(msg::sftp_unknown_host_key_help(&fingerprint)),
        Refused::Changed { fingerprint, file, line } => {
            Diagnostic::error(msg::sftp_changed_host_key(&server, &fingerprint, file.display(), line))
                .with_help(msg::sftp_changed_host_key_help(line, file.display()))
        }
        Refused::NotExpected { fingerprint, expected } => {
            Diagnostic::error(msg::sftp_unexpected_host_key(&server, &fingerprint, &expected))
                .with_help(msg::sftp_unexpected_host_key_help())
        }
        Refused::Unreadable { file, error } => {
            Diagnostic::error(msg::sftp_known_hosts_unreadable(file.display(), error))
                .with_help(msg::sftp_unknown_host_key_help("SHA256:…"))
        }
    }
}

/// Signs in: with the password when `COVIDACTU_SFTP_PASSWORD` is set, else with the keys.
async fn sign_in(
    ssh: &mut client::Handle<Checker>,
    address: &Address,
    trust: &Trust,
) -> Result<(), crate::error::Diagnostic> {
    use crate::error::Diagnostic;
    let user = address.user.as_str();
    let server = address.describe();
    let lost = |e: russh::Error| Diagnostic::error(msg::sftp_cannot_connect(&server, e));
    if let Some(password) = std::env::var(PASSWORD_VAR).ok().filter(|p| !p.is_empty()) {
        let result = ssh.authenticate_password(user, password).await.map_err(lost)?;
        return if result.success() {
            Ok(())
        } else {
            Err(Diagnostic::error(msg::sftp_password_refused(&server, user))
                .with_help(msg::sftp_password_refused_help(PASSWORD_VAR)))
        };
    }
    let mut tried: Vec<String> = Vec::new();
    let rsa_hash = ssh.best_supported_rsa_hash().await.ok().flatten().flatten();
    if agent_sign_in(ssh, user, rsa_hash, &mut tried).await {
        return Ok(());
    }
    let files: Vec<PathBuf> = match &trust.key {
        Some(key) => vec![key.clone()],
        None => home()
            .map(|h| ["id_ed25519", "id_ecdsa", "id_rsa"].iter().map(|n| h.join(".ssh").join(n)).collect())
            .unwrap_or_default(),
    };
    let passphrase = std::env::var(PASSPHRASE_VAR).ok();
    for file in files {
        if trust.key.is_none() && !file.exists() {
            continue;
        }
        let key = match russh::keys::load_secret_key(&file, passphrase.as_deref()) {
            Ok(key) => key,
            Err(russh::keys::Error::KeyIsEncrypted) => {
                tried.push(msg::sftp_key_encrypted(file.display(), PASSPHRASE_VAR));
                continue;
            }
            Err(e) => {
                tried.push(msg::sftp_key_unreadable(file.display(), e));
                continue;
            }
        };
        let key = PrivateKeyWithHashAlg::new(Arc::new(key), rsa_hash);
        if ssh.authenticate_publickey(user, key).await.map_err(lost)?.success() {
            return Ok(());
        }
        tried.push(msg::sftp_key_refused(file.display()));
    }
    if tried.is_empty() {
        tried.push(msg::sftp_no_key());
    }
    Err(Diagnostic::error(msg::sftp_sign_in_refused(&server, user, tried.join(" ; ")))
        .with_help(msg::sftp_sign_in_help(PASSWORD_VAR)))
}

/// Tries the keys of a running ssh-agent (OpenSSH's agent; on Windows, its service).
async fn agent_sign_in(
    ssh: &mut client::Handle<Checker>,
    user: &str,
    rsa_hash: Option<HashAlg>,
    tried: &mut Vec<String>,
) -> bool {
    #[cfg(unix)]
    let agent = russh::keys::agent::client::AgentClient::connect_env().await.ok();
    #[cfg(windows)]
    let agent = russh::keys::agent::client::AgentClient::connect_named_pipe(r"\\.\pipe\openssh-ssh-agent").await.ok();
    #[cfg(not(any(unix, windows)))]
    let agent: Option<russh::keys::agent::client::AgentClient<tokio::net::TcpStream>> = None;
    let Some(mut agent) = agent else { return false };
    let Ok(identities) = agent.request_identities().await else { return false };
    for identity in identities {
        let russh::keys::agent::AgentIdentity::PublicKey { key, comment } = identity else { continue };
        let hash = key.algorithm().is_rsa().then_some(rsa_hash).flatten();
        let result = ssh.authenticate_publickey_with(user, key, hash, &mut agent).await;
        if result.is_ok_and(|r| r.success()) {
            return true;
        }
        tried.push(msg::sftp_agent_key_refused(comment));
    }
    false
}

async fn mkdir_parents(sftp: &RawSftpSession, full: &str, root: &str) {
    let mut folders: Vec<&str> = Vec::new();
    let mut rest = full;
    while let Some((parent, _)) = rest.rsplit_once('/') {
        if parent.len() <= root.len() {
            break;
        }
        folders.push(parent);
        rest = parent;
    }
    for folder in folders.into_iter().rev() {
        // An existing folder answers with a failure: the retried write tells what matters.
        let _ = sftp.mkdir(folder, dir_attributes()).await;
    }
}

async fn write(sftp: &RawSftpSession, path: &str, bytes: &[u8]) -> Result<(), SftpError> {
    let flags = OpenFlags::CREATE | OpenFlags::TRUNCATE | OpenFlags::WRITE;
    let handle = sftp.open(path, flags, file_attributes()).await?.handle;
    let writes = stream::iter(bytes.chunks(CHUNK).enumerate())
        .map(|(i, chunk)| sftp.write(handle.as_str(), (i * CHUNK) as u64, chunk.to_vec()))
        .buffer_unordered(SIDE_BY_SIDE)
        .try_collect::<Vec<_>>()
        .await;
    let closed = sftp.close(handle.as_str()).await;
    writes?;
    closed.map(|_| ())
}

/// SSH strings: each a 32-bit length then its bytes.
fn ssh_strings(parts: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        out.extend_from_slice(&(p.len() as u32).to_be_bytes());
        out.extend_from_slice(p.as_bytes());
    }
    out
}

async fn rename_over(sftp: &RawSftpSession, from: &str, to: &str, posix_rename: bool) -> Result<(), SftpError> {
    if posix_rename {
        return match sftp.extended("posix-rename@openssh.com", ssh_strings(&[from, to])).await? {
            russh_sftp::protocol::Packet::Status(s) if s.status_code == StatusCode::Ok => Ok(()),
            russh_sftp::protocol::Packet::Status(s) => Err(SftpError::Status(s)),
            _ => Err(SftpError::UnexpectedPacket),
        };
    }
    // Without the extension, a plain rename does not replace: the old file goes first.
    let _ = sftp.remove(to).await;
    sftp.rename(from, to).await.map(|_| ())
}

async fn put_one(
    sftp: &RawSftpSession,
    root: &str,
    full: &str,
    bytes: &[u8],
    posix_rename: bool,
) -> Result<(), SftpError> {
    let aside = format!("{full}{ASIDE}");
    match write(sftp, &aside, bytes).await {
        Err(e) if status(&e) == Some(StatusCode::NoSuchFile) => {
            mkdir_parents(sftp, full, root).await;
            write(sftp, &aside, bytes).await?;
        }
        other => other?,
    }
    rename_over(sftp, &aside, full, posix_rename).await
}

async fn remove_one(sftp: &RawSftpSession, root: &str, full: &str) -> Result<(), SftpError> {
    match sftp.remove(full).await {
        Ok(_) => {}
        Err(e) if status(&e) == Some(StatusCode::NoSuchFile) => {}
        Err(e) => return Err(e),
    }
    let mut rest = full;
    while let Some((parent, _)) = rest.rsplit_once('/') {
        if parent.len() <= root.len() || sftp.rmdir(parent).await.is_err() {
            break;
        }
        rest = parent;
    }
    Ok(())
}

impl Host for Sftp {
    fn describe(&self) -> String {
        self.address.describe()
    }

    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, String> {
        let sftp = self.sftp.clone();
        let full = self.full(path);
        self.runtime.block_on(async move {
            let handle = match sftp.open(full.as_str(), OpenFlags::READ, FileAttributes::empty()).await {
                Ok(h) => h.handle,
                Err(e) if status(&e) == Some(StatusCode::NoSuchFile) => return Ok(None),
                Err(e) => return Err(msg::path_error(path, say(e))),
            };
            let mut bytes = Vec::new();
            loop {
                match sftp.read(handle.as_str(), bytes.len() as u64, CHUNK as u32).await {
                    Ok(data) if !data.data.is_empty() => bytes.extend_from_slice(&data.data),
                    Ok(_) => break,
                    Err(e) if status(&e) == Some(StatusCode::Eof) => break,
                    Err(e) => return Err(msg::path_error(path, say(e))),
                }
            }
            let _ = sftp.close(handle.as_str()).await;
            Ok(Some(bytes))
        })
    }

    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.put_batch(&[(path, bytes.to_vec())])
    }

    fn remove(&mut self, path: &str) -> Result<(), String> {
        self.remove_batch(&[path])
    }

    fn put_batch(&mut self, files: &[(&str, Vec<u8>)]) -> Result<(), String> {
        let sftp = self.sftp.clone();
        let (root, posix_rename) = (self.root.as_str(), self.posix_rename);
        let jobs: Vec<(&str, String, &[u8])> =
            files.iter().map(|(path, bytes)| (*path, self.full(path), bytes.as_slice())).collect();
        self.runtime.block_on(
            stream::iter(jobs)
                .map(|(path, full, bytes)| {
                    let sftp = &sftp;
                    async move {
                        put_one(sftp, root, &full, bytes, posix_rename).await.map_err(|e| msg::path_error(path, say(e)))
                    }
                })
                .buffer_unordered(SIDE_BY_SIDE)
                .try_collect::<Vec<()>>(),
        )?;
        Ok(())
    }

    fn remove_batch(&mut self, paths: &[&str]) -> Result<(), String> {
        let sftp = self.sftp.clone();
        let root = self.root.as_str();
        let jobs: Vec<(&str, String)> = paths.iter().map(|p| (*p, self.full(p))).collect();
        self.runtime.block_on(
            stream::iter(jobs)
                .map(|(path, full)| {
                    let sftp = &sftp;
                    async move { remove_one(sftp, root, &full).await.map_err(|e| msg::path_error(path, say(e))) }
                })
                .buffer_unordered(SIDE_BY_SIDE)
                .try_collect::<Vec<()>>(),
        )?;
        Ok(())
    }
}

impl Drop for Sftp {
    fn drop(&mut self) {
        let _ = self.sftp.close_session();
        let _ = self.runtime.block_on(async {
            tokio::time::timeout(
                Duration::from_secs(2),
                self.ssh.disconnect(russh::Disconnect::ByApplication, "", "fr"),
            )
            .await
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(raw: &str) -> Result<Address, String> {
        Address::from_url(&url::Url::parse(raw).unwrap())
    }

    #[test]
    fn addresses() {
        let a = address("sftp://cpts@ssh.exemple.fr/~/www/").unwrap();
        assert_eq!(
            (a.user.as_str(), a.host.as_str(), a.port, a.path.as_str()),
            ("cpts", "ssh.exemple.fr", 22, "~/www")
        );
        assert_eq!(a.describe(), "sftp://cpts@ssh.exemple.fr/~/www");
        let a = address("sftp://lettre%40cpts@127.0.0.1:2222/srv/Lettre%20CPTS").unwrap();
        assert_eq!((a.user.as_str(), a.port, a.path.as_str()), ("lettre@cpts", 2222, "/srv/Lettre CPTS"));
        assert_eq!(a.known_hosts_name(), "[127.0.0.1]:2222");
        assert!(address("sftp://cpts:secret@ssh.exemple.fr/www").unwrap_err().contains("COVIDACTU_SFTP_PASSWORD"));
        assert!(address("sftp://ssh.exemple.fr/www").is_err());
    }

    #[test]
    fn known_hosts_lines_count_the_comments() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("known_hosts");
        std::fs::write(&file, "# un\n# deux\nhote ssh-ed25519 AAAA\n\nautre ssh-ed25519 BBBB\n").unwrap();
        assert_eq!(file_line(&file, 1), 3);
        assert_eq!(file_line(&file, 3), 5);
    }
}
