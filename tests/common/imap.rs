//! A real IMAP server on loopback for the mailbox tests: Debian's Dovecot, started in the
//! foreground with its own configuration in a temporary folder, one user `coord` with the
//! password `secret`, and a Maildir the tests fill with messages.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "coord";
pub const PASSWORD: &str = "secret";

/// How the server is set up.
#[derive(Default, Clone)]
pub struct Options {
    /// Offer STARTTLS (and TLS on a second port) with this certificate and key (PEM).
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Leave MOVE out of the capabilities, as older servers do.
    pub without_move: bool,
}

/// A running server; stopped when dropped.
pub struct Dovecot {
    child: Child,
    dir: tempfile::TempDir,
    pub port: u16,
    pub tls_port: u16,
    owner: Option<(u32, u32)>,
    count: std::cell::Cell<usize>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn dovecot_binary() -> &'static str {
    for candidate in ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"] {
        if Path::new(candidate).exists() {
            return candidate;
        }
    }
    panic!("the mailbox tests need Debian's dovecot-imapd: run scripts/test, which installs it");
}

impl Dovecot {
    pub fn start(options: &Options) -> Dovecot {
        let binary = dovecot_binary();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        let d = d.as_path();
        // Dovecot's auth process reads the password file as its own user.
        std::fs::set_permissions(d, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        for sub in ["run", "state", "home"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        let me = std::fs::metadata(d).unwrap();
        // As root, the mail user is `nobody`: Dovecot will not read mail as root.
        let owner = (me.uid() == 0).then_some((65534, 65534));
        let (uid, gid) = owner.unwrap_or((me.uid(), me.gid()));
        let login_user = if owner.is_some() {
            String::new()
        } else {
            let name = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
            format!("default_login_user = {0}\ndefault_internal_user = {0}\n", name.trim())
        };
        let (port, tls_port) = (free_port(), free_port());
        let ssl = match &options.tls {
            Some((cert, key)) => format!("ssl = yes\nssl_cert = <{}\nssl_key = <{}\n", cert.display(), key.display()),
            None => "ssl = no\n".to_owned(),
        };
        let capability = if options.without_move {
            "imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE UIDPLUS NAMESPACE CHILDREN\n"
        } else {
            ""
        };
        let tls_listener = if options.tls.is_some() { tls_port } else { 0 };
        let config = format!(
            "protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
{ssl}disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
{login_user}{capability}mail_location = maildir:{d}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={d}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = {tls_listener}
  }}
}}
service anvil {{
  chroot =
}}
",
            d = d.display()
        );
        std::fs::write(d.join("dovecot.conf"), config).unwrap();
        std::fs::write(d.join("passwd"), format!("{USER}:{{PLAIN}}{PASSWORD}\n")).unwrap();
        let maildir = d.join("home").join(USER).join("Maildir");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).unwrap();
        }
        let server = Dovecot {
            child: Command::new(binary)
                .arg("-F")
                .arg("-c")
                .arg(d.join("dovecot.conf"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("dovecot starts"),
            dir,
            port,
            tls_port,
            owner,
            count: std::cell::Cell::new(0),
        };
        server.give_to_mail_user(&d.join("home"));
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < Duration::from_secs(20), "dovecot did not start: {}", server.log());
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn give_to_mail_user(&self, path: &Path) {
        let Some((uid, gid)) = self.owner else { return };
        for entry in walkdir::WalkDir::new(path) {
            let entry = entry.unwrap();
            std::os::unix::fs::lchown(entry.path(), Some(uid), Some(gid)).unwrap();
        }
    }

    /// What Dovecot wrote in its log.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// `imap://coord@127.0.0.1:PORT` (plaintext, loopback).
    pub fn url(&self) -> String {
        format!("imap://{USER}@127.0.0.1:{}", self.port)
    }

    /// The user's Maildir.
    pub fn maildir(&self) -> PathBuf {
        self.dir.path().join("home").join(USER).join("Maildir")
    }

    /// Puts a message in the inbox, as a delivery would.
    pub fn deliver(&self, bytes: &[u8]) {
        let n = self.count.get() + 1;
        self.count.set(n);
        let path = self.maildir().join("new").join(format!("1700000000.M{n}P1.test"));
        std::fs::write(&path, bytes).unwrap();
        self.give_to_mail_user(&path);
    }

    /// The messages of a folder (`INBOX` or a Maildir++ folder name such as `Trait&AOk-s`):
    /// for each, its flags as Maildir writes them (`S` for seen).
    pub fn folder(&self, name: &str) -> Vec<(String, String)> {
        let root = if name == "INBOX" { self.maildir() } else { self.maildir().join(format!(".{name}")) };
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(root.join(sub)) else { continue };
            for e in entries {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                let flags = name.split_once(":2,").map(|(_, f)| f.to_owned()).unwrap_or_default();
                let bytes = std::fs::read(root.join(sub).join(&name)).unwrap();
                let id = String::from_utf8_lossy(&bytes)
                    .lines()
                    .find_map(|l| l.strip_prefix("Message-ID: ").or_else(|| l.strip_prefix("Message-Id: ")))
                    .unwrap_or("")
                    .trim()
                    .to_owned();
                out.push((id, flags));
            }
        }
        out.sort();
        out
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A certificate authority and a certificate for `127.0.0.1`/`localhost` signed by it, made
/// with openssl in `dir`: (ca.pem, cert.pem, key.pem).
pub fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let o = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl runs");
        assert!(o.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=CPTS test CA",
    ]);
    run(&["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.csr", "-subj", "/CN=localhost"]);
    std::fs::write(dir.join("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n").unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "cert.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "cert.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    (dir.join("ca.pem"), dir.join("cert.pem"), dir.join("key.pem"))
}
