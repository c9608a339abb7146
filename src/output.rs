//! Writing the output atomically: everything goes to a temporary sibling folder, which
//! replaces the previous output only once complete. A failed build leaves the old output
//! as it was.
//!
//! A rebuild mostly writes what it wrote before. The marker file lists every file written
//! with its content hash, length and modification time; a file whose new content has the
//! same hash, and whose previous copy is untouched since (same length and time), is
//! hard-linked from the previous output instead of written again: no data to write, and
//! removing the previous output then frees no data either.

use crate::content::Asset;
use crate::error::Diagnostic;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Marks a folder as covidactu output, so that we only ever replace our own folders.
pub const MARKER: &str = ".covidactu-output";

/// Refuses output folders that would destroy sources: the site itself, its content or theme,
/// or an existing non-empty folder that is not a previous output.
pub fn check_target(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs =
        |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    let (root_abs, out_abs) = (abs(root), abs(out));
    let protected = [root_abs.clone(), root_abs.join("content"), root_abs.join("themes")];
    if protected.iter().any(|p| p.starts_with(&out_abs) || out_abs.starts_with(p) && p != &root_abs) {
        return Err(Diagnostic::error(format!(
            "refusing to write the output to {}: it would replace the site's own files",
            out.display()
        ))
        .with_help("choose a folder of its own, e.g. --out public"));
    }
    let non_empty = fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(false);
    if non_empty && !out.join(MARKER).exists() {
        return Err(Diagnostic::error(format!(
            "refusing to replace {}: it is not empty and was not written by covidactu",
            out.display()
        ))
        .with_help("empty it, or choose another --out"));
    }
    Ok(())
}

const MARKER_HEADER: &str = "Written by covidactu; replaced whole at each build.";

/// A file as the previous build wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written {
    hash: u64,
    len: u64,
    /// Modification time, in nanoseconds since the epoch.
    mtime: u128,
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

fn mtime(meta: &fs::Metadata) -> u128 {
    meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos())
}

/// The files listed in a previous output's marker (none if it has no list).
fn read_manifest(out: &Path) -> HashMap<String, Written> {
    let text = fs::read_to_string(out.join(MARKER)).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut f = line.splitn(4, '\t');
            let hash = u64::from_str_radix(f.next()?, 16).ok()?;
            let len = f.next()?.parse().ok()?;
            let mtime = f.next()?.parse().ok()?;
            Some((f.next()?.to_owned(), Written { hash, len, mtime }))
        })
        .collect()
}

fn manifest_text(written: &[(&str, Written)]) -> String {
    let mut text = String::with_capacity(written.len() * 64);
    text.push_str(MARKER_HEADER);
    text.push('\n');
    for (path, w) in written {
        text.push_str(&format!("{:016x}\t{}\t{}\t{path}\n", w.hash, w.len, w.mtime));
    }
    text
}

/// Writes one output file, or links it from the previous output when that holds the same
/// bytes, untouched. Once a link fails (a file system without them), no more are tried.
fn write_or_link(
    f: &OutputFile,
    tmp: &Path,
    out: &Path,
    previous: &HashMap<String, Written>,
    links: &AtomicBool,
) -> std::io::Result<Written> {
    let target = tmp.join(&f.path);
    let hash = content_hash(&f.bytes);
    let len = f.bytes.len() as u64;
    if let Some(w) = previous.get(&f.path).filter(|w| w.hash == hash && w.len == len) {
        let old = out.join(&f.path);
        let untouched =
            fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == w.len && mtime(&m) == w.mtime);
        if untouched && links.load(Ordering::Relaxed) {
            match fs::hard_link(&old, &target) {
                Ok(()) => return Ok(*w),
                Err(_) => links.store(false, Ordering::Relaxed),
            }
        }
    }
    fs::write(&target, &f.bytes)?;
    let meta = fs::metadata(&target)?;
    Ok(Written { hash, len, mtime: mtime(&meta) })
}

/// Writes `files` and copies `assets` (to `content/`-relative paths) into `out`, atomically.
pub fn write_atomic(out: &Path, files: &[OutputFile], assets: &[Asset]) -> Result<(), Diagnostic> {
    let fail = |what: &str, e: std::io::Error| Diagnostic::error(format!("{what}: {e}")).in_file(out);
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| fail("cannot create the output's parent folder", e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".covidactu-build-")
        .tempdir_in(&parent)
        .map_err(|e| fail("cannot create a temporary folder", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755))
            .map_err(|e| fail("cannot set permissions", e))?;
    }
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(assets.iter().map(|a| a.rel.as_str()))
        .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
        .collect();
    // create_dir_all tolerates a parent being created by another thread at the same time.
    io_pool()
        .install(|| dirs.par_iter().try_for_each(|d| fs::create_dir_all(tmp.path().join(d))))
        .map_err(|e| fail("cannot create a folder", e))?;
    let previous = if out.join(MARKER).is_file() { read_manifest(out) } else { HashMap::new() };
    let links = AtomicBool::new(true);
    let written: Vec<Written> = io_pool().install(|| {
        let written = files
            .par_iter()
            .map(|f| write_or_link(f, tmp.path(), out, &previous, &links))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| fail("cannot write the output", e))?;
        assets
            .par_iter()
            .try_for_each(|a| fs::copy(&a.path, tmp.path().join(&a.rel)).map(drop))
            .map_err(|e| fail("cannot copy an attachment", e))?;
        Ok::<_, Diagnostic>(written)
    })?;
    let listed: Vec<(&str, Written)> = files.iter().map(|f| f.path.as_str()).zip(written).collect();
    fs::write(tmp.path().join(MARKER), manifest_text(&listed)).map_err(|e| fail("cannot write the output", e))?;
    swap_in(tmp.keep(), out, &parent).map_err(|e| fail("cannot replace the previous output", e))
}

/// Puts `new` in place of `out`; the old output is removed afterwards.
fn swap_in(new: PathBuf, out: &Path, parent: &Path) -> std::io::Result<()> {
    if !out.exists() {
        return fs::rename(&new, out);
    }
    let old = tempfile::Builder::new().prefix(".covidactu-old-").tempdir_in(parent)?.keep();
    fs::remove_dir(&old)?;
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(&new, out) {
        fs::rename(&old, out)?;
        let _ = fs::remove_dir_all(&new);
        return Err(e);
    }
    remove_tree(&old)
}

/// Many file system calls at once: disks (and virtual ones most) serve concurrent requests
/// faster than one after the other, and this work waits rather than computes.
fn io_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(16)
            .thread_name(|i| format!("covidactu-io-{i}"))
            .build()
            .unwrap_or_else(|_| rayon::ThreadPoolBuilder::new().build().expect("a thread pool"))
    })
}

/// Removes a previous output: its files in parallel, then its folders, deepest first, each
/// depth in parallel.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).collect();
    let (folders, others): (Vec<_>, Vec<_>) = entries.iter().partition(|e| e.file_type().is_dir());
    io_pool().install(|| -> std::io::Result<()> {
        others.par_iter().try_for_each(|e| fs::remove_file(e.path()))?;
        let deepest = folders.iter().map(|e| e.depth()).max().unwrap_or(0);
        for depth in (0..=deepest).rev() {
            folders.par_iter().filter(|e| e.depth() == depth).try_for_each(|e| fs::remove_dir(e.path()))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(p).unwrap().ino()
    }

    #[test]
    #[cfg(unix)]
    fn unchanged_files_are_linked_changed_and_edited_ones_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [file("a/index.html", "A"), file("b/index.html", "B"), file("c.txt", "C")];
        write_atomic(&out, &first, &[]).unwrap();
        let (a, b, c) = (inode(&out.join("a/index.html")), inode(&out.join("b/index.html")), inode(&out.join("c.txt")));
        // Someone edits the output by hand: same length, other bytes.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("c.txt"), "X").unwrap();

        let second = [file("a/index.html", "A"), file("b/index.html", "B2"), file("c.txt", "C")];
        write_atomic(&out, &second, &[]).unwrap();
        assert_eq!(inode(&out.join("a/index.html")), a, "unchanged: linked from the previous output");
        assert_ne!(inode(&out.join("b/index.html")), b, "changed: written");
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "B2");
        assert_ne!(inode(&out.join("c.txt")), c, "edited by hand since: written again");
        assert_eq!(fs::read_to_string(out.join("c.txt")).unwrap(), "C");
        let manifest = read_manifest(&out);
        assert_eq!(manifest.len(), 3);
        assert_eq!(manifest["b/index.html"].hash, content_hash(b"B2"));
        // The old output is gone; nothing but the output is left beside it.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn a_marker_without_a_list_or_with_bad_lines_links_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(MARKER), format!("{MARKER_HEADER}\nzz\t1\t2\ta\n0\tx\t2\tb\n")).unwrap();
        assert!(read_manifest(dir.path()).is_empty());
        assert!(read_manifest(&dir.path().join("missing")).is_empty());
    }
}
