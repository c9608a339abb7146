//! Writing the output atomically: everything goes to a temporary sibling folder, which
//! replaces the previous output only once complete. A failed build leaves the old output
//! as it was.

use crate::content::Asset;
use crate::error::Diagnostic;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

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
    for d in &dirs {
        fs::create_dir_all(tmp.path().join(d)).map_err(|e| fail("cannot create a folder", e))?;
    }
    io_pool().install(|| {
        files
            .par_iter()
            .try_for_each(|f| fs::write(tmp.path().join(&f.path), &f.bytes))
            .map_err(|e| fail("cannot write the output", e))?;
        assets
            .par_iter()
            .try_for_each(|a| fs::copy(&a.path, tmp.path().join(&a.rel)).map(drop))
            .map_err(|e| fail("cannot copy an attachment", e))
    })?;
    fs::write(tmp.path().join(MARKER), "Written by covidactu; replaced whole at each build.\n")
        .map_err(|e| fail("cannot write the output", e))?;
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

/// Removes a previous output: its files in parallel, then its folders.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).collect();
    io_pool().install(|| {
        entries.par_iter().filter(|e| !e.file_type().is_dir()).try_for_each(|e| fs::remove_file(e.path()))
    })?;
    fs::remove_dir_all(dir)
}
