//! A real SFTP server on loopback for the publishing tests: Debian's OpenSSH `sshd`, started
//! in the foreground with its own host key and configuration in a temporary folder. It lets
//! in the system user `covidactu-sftp` (made by `scripts/test`, with the password
//! [`PASSWORD`]) by password or with a test key. `sshd` switches to that user, so it runs as
//! root, as in CI.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "covidactu-sftp";
/// Set by `scripts/test` when it makes the user.
pub const PASSWORD: &str = "covidactu-sftp-essai";

/// A running server; stopped when dropped.
pub struct Sshd {
    child: Child,
    dir: tempfile::TempDir,
    pub port: u16,
    /// The fingerprint of the server's key, `SHA256:…`.
    pub fingerprint: String,
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn keygen(path: &Path) {
    run(Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-C", "essai", "-f"]).arg(path));
}

impl Sshd {
    pub fn start() -> Sshd {
        assert!(
            Path::new("/usr/sbin/sshd").exists(),
            "the publishing tests need Debian's openssh-server: run scripts/test, which installs it"
        );
        let uid = Command::new("id").args(["-u", USER]).output().unwrap();
        assert!(uid.status.success(), "the publishing tests need the user {USER}: run scripts/test, which makes it");
        let uid: u32 = String::from_utf8_lossy(&uid.stdout).trim().parse().unwrap();
        assert_eq!(
            run(Command::new("id").arg("-u")).trim(),
            "0",
            "the SFTP tests start sshd as root (it switches to {USER})"
        );
        let _ = std::fs::create_dir_all("/run/sshd");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::set_permissions(d, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        keygen(&d.join("host_key"));
        let client = d.join("client/.ssh");
        std::fs::create_dir_all(&client).unwrap();
        keygen(&client.join("id_ed25519"));
        std::fs::copy(client.join("id_ed25519.pub"), d.join("authorized_keys")).unwrap();
        let www = d.join("www");
        std::fs::create_dir(&www).unwrap();
        std::os::unix::fs::chown(&www, Some(uid), None).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = format!(
            "ListenAddress 127.0.0.1\nPort {port}\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nPasswordAuthentication yes\n\
             KbdInteractiveAuthentication no\nUsePAM no\nAllowUsers {USER}\nMaxStartups 50\n\
             Subsystem sftp internal-sftp\n",
            d = d.display()
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        let public = std::fs::read_to_string(d.join("host_key.pub")).unwrap();
        let fingerprint = run(Command::new("ssh-keygen").arg("-lf").arg(d.join("host_key.pub")));
        let fingerprint = fingerprint.split_whitespace().nth(1).unwrap().to_string();
        let known = format!("[127.0.0.1]:{port} {}\n", public.split_whitespace().take(2).collect::<Vec<_>>().join(" "));
        std::fs::write(client.join("known_hosts"), known).unwrap();
        let child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(d.join("sshd.log")).unwrap())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "sshd did not start: {}",
                std::fs::read_to_string(d.join("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Sshd { child, dir, port, fingerprint }
    }

    /// The home folder of the publishing user: `.ssh/id_ed25519` (a key the server accepts)
    /// and `.ssh/known_hosts` (that knows this server).
    pub fn client_home(&self) -> PathBuf {
        self.dir.path().join("client")
    }

    /// The folder the server's user may write in; publish into a folder under it.
    pub fn www(&self) -> PathBuf {
        self.dir.path().join("www")
    }

    /// The address of `folder` (under [`Sshd::www`]).
    pub fn url(&self, folder: &Path) -> String {
        format!("sftp://{USER}@127.0.0.1:{}{}", self.port, folder.display())
    }

    /// Cuts every connection: kills the server's children, as a network failure would.
    pub fn cut_connections(&self) {
        let mut family = vec![self.child.id()];
        let mut i = 0;
        while i < family.len() {
            let parent = family[i];
            for entry in std::fs::read_dir("/proc").unwrap().flatten() {
                let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
                let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
                let ppid = stat
                    .rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                    .and_then(|p| p.parse::<u32>().ok());
                if ppid == Some(parent) && !family.contains(&pid) {
                    family.push(pid);
                }
            }
            i += 1;
        }
        for pid in &family[1..] {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
