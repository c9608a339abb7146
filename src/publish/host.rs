//! Where a site is published. A host stores files by their path with `/` separators; each
//! file is replaced whole (written aside, then renamed over the old one), so that a reader
//! never gets half a page.

use crate::i18n::msg;
use std::path::{Path, PathBuf};

/// A place the output is published to.
pub trait Host {
    /// What the host says it is, for messages: `file:///srv/lettre`.
    fn describe(&self) -> String;
    /// The file at `path`, or `None` when there is none.
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, String>;
    /// Writes `bytes` at `path` (folders made as needed), replacing any file there at once.
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), String>;
    /// Deletes the file at `path` (and the folders it leaves empty); absent is fine.
    fn remove(&mut self, path: &str) -> Result<(), String>;
    /// Writes several files, in any order (a remote host sends them side by side).
    fn put_batch(&mut self, files: &[(&str, Vec<u8>)]) -> Result<(), String> {
        files.iter().try_for_each(|(path, bytes)| self.put(path, bytes))
    }
    /// Deletes several files, in any order.
    fn remove_batch(&mut self, paths: &[&str]) -> Result<(), String> {
        paths.iter().try_for_each(|path| self.remove(path))
    }
}

/// A folder: a mounted drive, an intranet share (`file:///PATH`).
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder at `root`, made (unless `dry`) if only it is missing: a share that is not
    /// mounted (its parent missing too) is an error, not an empty folder to fill.
    pub fn open(root: &Path, dry: bool) -> Result<Folder, String> {
        if !root.is_dir() {
            let parent_exists = root.parent().is_some_and(|p| p.as_os_str().is_empty() || p.is_dir());
            if !parent_exists {
                return Err(crate::i18n::msg::publish_folder_missing(root.display()));
            }
            if !dry {
                std::fs::create_dir(root).map_err(|e| msg::path_error(root.display(), e))?;
            }
        }
        Ok(Folder { root: root.to_path_buf() })
    }

    fn path(&self, rel: &str) -> PathBuf {
        rel.split('/').fold(self.root.clone(), |p, part| p.join(part))
    }
}

impl Host for Folder {
    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, String> {
        match std::fs::read(self.path(path)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(msg::path_error(path, e)),
        }
    }

    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let target = self.path(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| msg::path_error(path, e))?;
        }
        let mut aside = target.clone().into_os_string();
        aside.push(".covidactu-envoi");
        let aside = PathBuf::from(aside);
        std::fs::write(&aside, bytes).map_err(|e| msg::path_error(path, e))?;
        std::fs::rename(&aside, &target).map_err(|e| msg::path_error(path, e))
    }

    fn remove(&mut self, path: &str) -> Result<(), String> {
        let target = self.path(path);
        match std::fs::remove_file(&target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(msg::path_error(path, e)),
        }
        let mut folder = target.parent();
        while let Some(f) = folder.filter(|f| *f != self.root) {
            if std::fs::remove_dir(f).is_err() {
                break;
            }
            folder = f.parent();
        }
        Ok(())
    }
}
