//! The manifest of a built site: every file of the output with its SHA-256 and size. The
//! copy left on the host by the last publish tells the next one what is already there.

use ring::digest;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest's name on the host, at the root of the published folder.
pub const FILE: &str = ".covidactu-manifeste.json";
/// The format written; a host's manifest of another format is ignored (everything is sent).
const VERSION: u32 = 1;

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub sha256: String,
    pub size: u64,
}

/// Every file of an output, by its path with `/` separators (`protocoles/x/index.html`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    /// The manifest of the folder `dir` (the manifest itself and the build's `.covidactu…`
    /// files left out).
    pub fn of_folder(dir: &Path) -> std::io::Result<Manifest> {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).map_err(std::io::Error::other)?;
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let rel = rel.join("/");
            // The manifest, and the build's own marker and working files, are not the site.
            if rel == FILE || rel.starts_with(".covidactu") {
                continue;
            }
            let bytes = std::fs::read(entry.path())?;
            files.insert(rel, Entry { sha256: sha256(&bytes), size: bytes.len() as u64 });
        }
        Ok(Manifest { version: VERSION, files })
    }

    /// Reads a host's manifest; `None` when it is not one this version wrote.
    pub fn parse(bytes: &[u8]) -> Option<Manifest> {
        serde_json::from_slice::<Manifest>(bytes).ok().filter(|m| m.version == VERSION)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

/// Lowercase hexadecimal SHA-256.
pub fn sha256(bytes: &[u8]) -> String {
    digest::digest(&digest::SHA256, bytes).as_ref().iter().map(|b| format!("{b:02x}")).collect()
}
