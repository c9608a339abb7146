//! Writing the output as one transaction. Nothing in the previous output is touched until
//! every file of the new one is rendered and every changed file is written to a temporary
//! sibling folder; then that folder is committed: renamed to a fixed name (the commit
//! point), after which its files replace the old ones. A failed build leaves the old output
//! as it was; a commit interrupted half-way (the process killed) is finished by the next
//! build before anything else.
//!
//! A rebuild mostly writes what it wrote before, and on many disks creating and removing
//! folder entries costs more than rendering. The marker file lists every file of the output
//! with its content hash, length and modification time: a file whose new content has the
//! same hash and whose copy on disk is untouched since (same length and time) is left as it
//! is, neither written nor renamed; files of the old output that the new one lacks (or that
//! were added by hand) are removed. The output is always what a build from scratch writes.
//! A first build writes everything to the sibling folder and renames it into place.

/// A file of the output, by its path under the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go: each is handed over as soon as it is rendered, from the
/// rendering threads, so that a big site is never whole in memory.
pub type Sink<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

use crate::content::Asset;
use crate::error::Diagnostic;
use crate::i18n::msg;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Marks a folder as covidactu output, so that we only ever replace our own folders.
pub const MARKER: &str = ".covidactu-output";
/// Marks an output built with the drafts (`build --drafts`): a preview, which `publish`
/// refuses to put online.
pub const PREVIEW: &str = ".covidactu-apercu";

/// Refuses output folders that would destroy sources: the site itself, its content or theme,
/// or an existing non-empty folder that is not a previous output.
pub fn check_target(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs =
        |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    let (root_abs, out_abs) = (abs(root), abs(out));
    let protected = [root_abs.clone(), root_abs.join("content"), root_abs.join("themes")];
    if protected.iter().any(|p| p.starts_with(&out_abs) || out_abs.starts_with(p) && p != &root_abs) {
        return Err(Diagnostic::error(msg::output_would_replace_site(out.display()))
            .with_help(msg::output_would_replace_site_help()));
    }
    let non_empty = fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(false);
    if non_empty && !out.join(MARKER).exists() {
        return Err(Diagnostic::error(msg::output_not_ours(out.display())).with_help(msg::output_not_ours_help()));
    }
    Ok(())
}

const MARKER_HEADER: &str = "Written by covidactu: every file of this output, with its hash, length and time.";

/// A file as a build wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written {
    hash: u64,
    len: u64,
    /// Modification time, in nanoseconds since the epoch.
    mtime: u128,
}

/// XXH3, a specified hash: the same bytes give the same number with any build of covidactu
/// (std's hasher may change with a Rust release, which made the next build rewrite every file).
fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
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

/// What an output folder holds now, by path relative to it.
#[derive(Default)]
struct OnDisk {
    /// Regular files: length and modification time. Anything else that is not a folder
    /// (a symbolic link, say) is listed with no metadata.
    files: HashMap<PathBuf, Option<(u64, u128)>>,
    folders: Vec<PathBuf>,
}

fn scan(out: &Path) -> io::Result<OnDisk> {
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(out).map_err(io::Error::other)?.to_path_buf();
        entries.push((rel, entry));
    }
    let files = entries
        .par_iter()
        .filter(|(_, e)| !e.file_type().is_dir())
        .map(|(rel, e)| {
            let meta = e.file_type().is_file().then(|| e.metadata().map_err(io::Error::other)).transpose()?;
            Ok((rel.clone(), meta.map(|m| (m.len(), mtime(&m)))))
        })
        .collect::<io::Result<HashMap<_, _>>>()?;
    let folders = entries.into_iter().filter(|(_, e)| e.file_type().is_dir()).map(|(rel, _)| rel).collect();
    Ok(OnDisk { files, folders })
}

/// One step of a commit, as recorded in its journal.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// Remove a file (or link) of the old output.
    Remove(PathBuf),
    /// Remove a folder of the old output and all it holds.
    RemoveFolder(PathBuf),
    /// Move a file from the commit folder into the output.
    Move(PathBuf),
}

/// Name of the journal in a commit folder; the files to move in are under `files/`.
const JOURNAL: &str = "journal";
const FILES: &str = "files";

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn bytes_path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn bytes_path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// Steps as NUL-terminated records (`r`, `d` or `m`, then the path), so that any file name
/// found in the output can be recorded.
fn journal_bytes(steps: &[Step]) -> Vec<u8> {
    let mut out = Vec::new();
    for step in steps {
        let (tag, path) = match step {
            Step::Remove(p) => (b'r', p),
            Step::RemoveFolder(p) => (b'd', p),
            Step::Move(p) => (b'm', p),
        };
        out.push(tag);
        out.extend(path_bytes(path));
        out.push(0);
    }
    out
}

fn parse_journal(bytes: &[u8]) -> Option<Vec<Step>> {
    let records = bytes.strip_suffix(&[0])?;
    records
        .split(|b| *b == 0)
        .map(|r| {
            let (tag, path) = r.split_first()?;
            let path = bytes_path(path);
            match tag {
                b'r' => Some(Step::Remove(path)),
                b'd' => Some(Step::RemoveFolder(path)),
                b'm' => Some(Step::Move(path)),
                _ => None,
            }
        })
        .collect()
}

/// The folder that holds `out`.
fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The commit folder of `out`: a sibling with a fixed name, so the next build finds it.
fn commit_dir(out: &Path, parent: &Path) -> PathBuf {
    parent.join(format!(".covidactu-commit-{}", out_name(out)))
}

fn ignore_missing(r: io::Result<()>) -> io::Result<()> {
    match r {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        r => r,
    }
}

/// Whether a commit of `out` was left unfinished: the output is then partly the new one,
/// until the next build finishes the commit.
pub fn unfinished_commit(out: &Path) -> bool {
    commit_dir(out, &parent_of(out)).exists()
}

/// Carries out a committed journal: removals, then moves, the marker last. Every step can
/// be done again, so a commit interrupted at any point is finished by running it again.
fn apply(commit: &Path, out: &Path) -> io::Result<()> {
    let bytes = fs::read(commit.join(JOURNAL))?;
    let steps = parse_journal(&bytes).ok_or_else(|| io::Error::other(msg::unreadable_commit_journal()))?;
    let files = commit.join(FILES);
    let marker = Path::new(MARKER);
    steps.par_iter().try_for_each(|s| match s {
        Step::Remove(p) => ignore_missing(fs::remove_file(out.join(p))),
        Step::RemoveFolder(p) => ignore_missing(fs::remove_dir_all(out.join(p))),
        Step::Move(_) => Ok(()),
    })?;
    steps.par_iter().try_for_each(|s| match s {
        Step::Move(p) if p != marker => move_in(&files, out, p),
        _ => Ok(()),
    })?;
    if steps.contains(&Step::Move(marker.to_path_buf())) {
        move_in(&files, out, marker)?;
    }
    fs::remove_dir_all(commit)
}

/// Moves `files/p` to `out/p`; done already if the first is gone.
fn move_in(files: &Path, out: &Path, p: &Path) -> io::Result<()> {
    let (from, to) = (files.join(p), out.join(p));
    if fs::symlink_metadata(&from).is_err() {
        return Ok(());
    }
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::rename(from, to)
}

/// Finishes a commit of `out` that was interrupted (the process killed half-way).
fn recover(out: &Path, parent: &Path) -> io::Result<()> {
    let commit = commit_dir(out, parent);
    if !commit.exists() {
        return Ok(());
    }
    if out.is_dir() && commit.join(JOURNAL).is_file() {
        apply(&commit, out)
    } else {
        fs::remove_dir_all(&commit)
    }
}

/// Writes `bytes` at `files/path`, or leaves the output's copy when it holds the same bytes,
/// untouched since the previous build. Returns what the output's file will be. `folders`
/// are the folders under `files` known to exist; only the folders of changed files are made.
/// The file's time is read from the open file: where a file system sets it only at close (a
/// network share may), the next build sees another time and rewrites the file, which is
/// slower but never stale.
fn stage(
    path: &str,
    bytes: &[u8],
    files: &Path,
    folders: &Mutex<HashSet<PathBuf>>,
    previous: &HashMap<String, Written>,
    on_disk: &OnDisk,
) -> io::Result<(Written, bool)> {
    let hash = content_hash(bytes);
    let len = bytes.len() as u64;
    if let Some(w) = previous.get(path).filter(|w| w.hash == hash && w.len == len) {
        if on_disk.files.get(Path::new(path)) == Some(&Some((w.len, w.mtime))) {
            return Ok((*w, false));
        }
    }
    if let Some(dir) = Path::new(path).parent() {
        make_folder(files, folders, dir)?;
    }
    let mut file = fs::File::create(files.join(path))?;
    file.write_all(bytes)?;
    let meta = file.metadata()?;
    Ok((Written { hash, len, mtime: mtime(&meta) }, true))
}

/// Makes the folder `dir` (relative) under `files` unless `folders` says it was made.
fn make_folder(files: &Path, folders: &Mutex<HashSet<PathBuf>>, dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || folders.lock().unwrap_or_else(|e| e.into_inner()).contains(dir) {
        return Ok(());
    }
    fs::create_dir_all(files.join(dir))?;
    folders.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf());
    Ok(())
}

/// An output being written. [`Writer::begin`] finishes an interrupted commit and reads the
/// previous output; [`Writer::put`] (from any thread) stages a file if it changed;
/// [`Writer::commit`] replaces the previous output. Dropped without a commit, it leaves the
/// previous output as it was and removes what it staged.
pub struct Writer {
    out: PathBuf,
    parent: PathBuf,
    fresh: bool,
    previous: HashMap<String, Written>,
    on_disk: OnDisk,
    tmp: tempfile::TempDir,
    staged: PathBuf,
    /// The folders made under `staged` so far.
    folders: Mutex<HashSet<PathBuf>>,
    /// Set when the build failed: [`Writer::make_folders`] stops.
    stop_folders: AtomicBool,
    /// Every file put so far: its path, what it is, and whether it was staged.
    written: Mutex<Vec<(String, Written, bool)>>,
    /// Temporary folders of earlier builds of `out` that were killed before they could
    /// remove them; removed after the commit.
    stale: Vec<PathBuf>,
    /// Held until the writer is dropped: one build at a time writes `out`.
    _lock: fs::File,
}

impl Writer {
    /// Prepares to write `out`.
    pub fn begin(out: &Path) -> Result<Writer, Diagnostic> {
        let fail = |what: String, e: io::Error| Diagnostic::error(msg::io_failed(what, e)).in_file(out);
        let parent = parent_of(out);
        fs::create_dir_all(&parent).map_err(|e| fail(msg::cannot_create_output_parent(), e))?;
        let lock = take_lock(out, &parent)?;
        recover(out, &parent).map_err(|e| fail(msg::cannot_finish_interrupted_build(), e))?;
        let stale = stale_folders(out, &parent);
        let fresh = !out.exists();
        let (previous, on_disk) = if fresh {
            (HashMap::new(), OnDisk::default())
        } else {
            let on_disk = scan(out).map_err(|e| fail(msg::cannot_read_previous_output(), e))?;
            (read_manifest(out), on_disk)
        };
        let tmp = tempfile::Builder::new()
            .prefix(&build_prefix(out))
            .tempdir_in(&parent)
            .map_err(|e| fail(msg::cannot_create_temporary_folder(), e))?;
        let staged = tmp.path().join(FILES);
        fs::create_dir(&staged).map_err(|e| fail(msg::cannot_create_temporary_folder(), e))?;
        Ok(Writer {
            out: out.to_path_buf(),
            parent,
            fresh,
            previous,
            on_disk,
            tmp,
            staged,
            folders: Mutex::new(HashSet::new()),
            stop_folders: AtomicBool::new(false),
            written: Mutex::new(Vec::new()),
            stale,
            _lock: lock,
        })
    }

    fn fail(&self, what: String, e: io::Error) -> Diagnostic {
        Diagnostic::error(msg::io_failed(what, e)).in_file(&self.out)
    }

    /// For a first build, makes the folders of `paths` (site paths such as
    /// `protocoles/x/`) ahead of their files, so that the disk reads a new folder needs happen
    /// while the site is still being resolved and rendered; a rebuild stages only what changed
    /// and makes its folders as it goes. A folder that cannot be made is left to
    /// [`Writer::put`]. Returns early after [`Writer::stop_folders`].
    pub fn make_folders<'p>(&self, paths: impl Iterator<Item = &'p str>) {
        if !self.fresh {
            return;
        }
        for path in paths {
            if self.stop_folders.load(Ordering::Relaxed) {
                return;
            }
            let _ = make_folder(&self.staged, &self.folders, Path::new(path.trim_end_matches('/')));
        }
    }

    /// Tells [`Writer::make_folders`] to stop: the build failed, and every folder made would
    /// only have to be removed.
    pub fn stop_folders(&self) {
        self.stop_folders.store(true, Ordering::Relaxed);
    }

    /// Adds the file `path` (relative to the output) with `bytes`.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let (w, changed) = stage(path, bytes, &self.staged, &self.folders, &self.previous, &self.on_disk)
            .map_err(|e| self.fail(msg::cannot_write_output(), e))?;
        self.written.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_owned(), w, changed));
        Ok(())
    }

    /// Adds an attachment, copied from `content/`.
    pub fn copy(&self, asset: &Asset) -> Result<(), Diagnostic> {
        let bytes = fs::read(&asset.path).map_err(|e| self.fail(msg::cannot_copy_attachment(), e))?;
        self.put(&asset.rel, &bytes)
    }

    /// Replaces the previous output with the files put; returns how many there are. Then
    /// removes what killed builds of the same output left behind.
    pub fn commit(mut self) -> Result<usize, Diagnostic> {
        let stale = std::mem::take(&mut self.stale);
        let count = self.replace()?;
        for folder in stale {
            let _ = fs::remove_dir_all(folder);
        }
        Ok(count)
    }

    fn replace(self) -> Result<usize, Diagnostic> {
        let mut written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        written.sort_by(|a, b| a.0.cmp(&b.0));
        written.dedup_by(|later, first| later.0 == first.0);
        let fail = |what: String, e: io::Error| Diagnostic::error(msg::io_failed(what, e)).in_file(&self.out);
        let listed: Vec<(&str, Written)> = written.iter().map(|(p, w, _)| (p.as_str(), *w)).collect();
        let manifest = manifest_text(&listed);
        let count = written.len();
        if self.fresh {
            fs::write(self.staged.join(MARKER), manifest).map_err(|e| fail(msg::cannot_write_output(), e))?;
            fs::rename(&self.staged, &self.out).map_err(|e| fail(msg::cannot_move_output(), e))?;
            return Ok(count);
        }

        // Whatever the old output holds that the new one does not: the top-most such
        // folders, and such files outside them.
        let new_paths = || written.iter().map(|(p, _, _)| Path::new(p));
        let keep_files: HashSet<&Path> = new_paths().chain([Path::new(MARKER)]).collect();
        let keep_dirs: HashSet<&Path> = new_paths().flat_map(|p| p.ancestors().skip(1)).collect();
        let kept_parent = |p: &Path| p.parent().is_none_or(|d| d.as_os_str().is_empty() || keep_dirs.contains(d));
        let on_disk = &self.on_disk;
        let mut steps: Vec<Step> = on_disk
            .folders
            .iter()
            .filter(|d| !keep_dirs.contains(d.as_path()) && kept_parent(d))
            .map(|d| Step::RemoveFolder(d.clone()))
            .collect();
        steps.extend(
            on_disk
                .files
                .keys()
                .filter(|f| !keep_files.contains(f.as_path()) && kept_parent(f))
                .map(|f| Step::Remove(f.clone())),
        );
        steps.extend(written.iter().filter(|w| w.2).map(|(p, _, _)| Step::Move(PathBuf::from(p))));
        if steps.is_empty() && fs::read_to_string(self.out.join(MARKER)).is_ok_and(|m| m == manifest) {
            return Ok(count);
        }
        fs::write(self.staged.join(MARKER), manifest).map_err(|e| fail(msg::cannot_write_output(), e))?;
        steps.push(Step::Move(PathBuf::from(MARKER)));
        fs::write(self.tmp.path().join(JOURNAL), journal_bytes(&steps))
            .map_err(|e| fail(msg::cannot_write_output(), e))?;
        let commit = commit_dir(&self.out, &self.parent);
        fs::rename(self.tmp.keep(), &commit).map_err(|e| fail(msg::cannot_commit_output(), e))?;
        apply(&commit, &self.out).map_err(|e| fail(msg::cannot_move_new_files(), e))?;
        Ok(count)
    }
}

/// The name of `out`, as the names of its sibling folders use it.
fn out_name(out: &Path) -> String {
    out.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned())
}

/// The start of the name of a build's temporary folder beside `out`:
/// `.covidactu-build-public.` then random letters and digits.
fn build_prefix(out: &Path) -> String {
    format!(".covidactu-build-{}.", out_name(out))
}

/// Takes the lock of `out` (a file beside it, `.covidactu-build-public.lock`), or says that
/// another build is writing it: two builds at once would commit over each other.
fn take_lock(out: &Path, parent: &Path) -> Result<fs::File, Diagnostic> {
    let path = parent.join(format!("{}lock", build_prefix(out)));
    let fail = |e: io::Error| Diagnostic::error(msg::cannot_open(path.display(), e));
    let file = fs::File::options().create(true).truncate(false).write(true).open(&path).map_err(fail)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(_) => Err(Diagnostic::error(msg::output_locked(out.display())).with_help(msg::output_locked_help())),
    }
}

/// The temporary folders of earlier builds of `out` (only a build of `out`, which holds its
/// lock, makes them; with the lock taken, any left is from a build that was killed).
fn stale_folders(out: &Path, parent: &Path) -> Vec<PathBuf> {
    let prefix = build_prefix(out);
    let Ok(entries) = fs::read_dir(parent) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_prefix(&prefix).is_some_and(|rest| !rest.is_empty() && rest.chars().all(char::is_alphanumeric))
                && e.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|e| e.path())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marker's hashes must not change between builds of covidactu: XXH3's reference
    /// value for no bytes.
    #[test]
    fn content_hashes_are_xxh3() {
        assert_eq!(content_hash(b""), 0x2D06_8005_38D3_94C2);
        assert_ne!(content_hash(b"<p>a</p>"), content_hash(b"<p>b</p>"));
    }

    /// Writes `files` and copies `assets` into `out`, as a build does.
    fn write_atomic(out: &Path, files: &[OutputFile], assets: &[Asset]) -> Result<(), Diagnostic> {
        let writer = Writer::begin(out)?;
        files.par_iter().try_for_each(|f| writer.put(&f.path, &f.bytes))?;
        assets.par_iter().try_for_each(|a| writer.copy(a))?;
        writer.commit().map(drop)
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(p).unwrap().ino()
    }

    fn siblings(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    fn tree(out: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(out)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file() && e.file_name() != MARKER)
            .map(|e| {
                let rel = e.path().strip_prefix(out).unwrap().to_string_lossy().into_owned();
                (rel, fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    #[cfg(unix)]
    fn unchanged_files_are_left_alone_changed_stale_and_edited_ones_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first =
            [file("a/index.html", "A"), file("b/index.html", "B"), file("c.txt", "C"), file("d/index.html", "D")];
        write_atomic(&out, &first, &[]).unwrap();
        let (a, b, c) = (inode(&out.join("a/index.html")), inode(&out.join("b/index.html")), inode(&out.join("c.txt")));
        let a_time = fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap();
        // Someone edits the output by hand (same length, other bytes) and adds files.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("c.txt"), "X").unwrap();
        fs::write(out.join("a/notes.txt"), "mine").unwrap();
        fs::create_dir_all(out.join("extra/deep")).unwrap();
        fs::write(out.join("extra/deep/x.txt"), "x").unwrap();

        let second =
            [file("a/index.html", "A"), file("b/index.html", "B2"), file("c.txt", "C"), file("e/f/g.txt", "G")];
        write_atomic(&out, &second, &[]).unwrap();
        assert_eq!(inode(&out.join("a/index.html")), a, "unchanged: left in place");
        assert_eq!(fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap(), a_time, "not even touched");
        assert_ne!(inode(&out.join("b/index.html")), b, "changed: replaced");
        assert_ne!(inode(&out.join("c.txt")), c, "edited by hand since: written again");
        let expected = [("a/index.html", "A"), ("b/index.html", "B2"), ("c.txt", "C"), ("e/f/g.txt", "G")];
        assert_eq!(tree(&out), expected.map(|(p, t)| (p.to_owned(), t.to_owned())), "the same as a build from scratch");
        assert!(!out.join("d").exists() && !out.join("extra").exists(), "stale folders removed");
        let manifest = read_manifest(&out);
        assert_eq!(manifest.len(), 4);
        assert_eq!(manifest["b/index.html"].hash, content_hash(b"B2"));
        assert_eq!(siblings(dir.path()), [LOCK, "public"], "nothing left beside the output but its lock");

        // Nothing changed: nothing written, not even the marker.
        let marker_time = fs::metadata(out.join(MARKER)).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_atomic(&out, &second, &[]).unwrap();
        assert_eq!(fs::metadata(out.join(MARKER)).unwrap().modified().unwrap(), marker_time);
        assert_eq!(siblings(dir.path()), [LOCK, "public"]);
    }

    #[test]
    fn a_first_build_makes_its_folders_ahead_and_a_rebuild_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let writer = Writer::begin(&out).unwrap();
        writer.make_folders(["a/", "b/c/", ""].into_iter());
        assert!(writer.staged.join("b/c").is_dir());
        writer.put("a/index.html", b"A").unwrap();
        writer.put("b/c/index.html", b"C").unwrap();
        writer.commit().unwrap();
        assert_eq!(
            tree(&out),
            [("a/index.html".to_owned(), "A".to_owned()), ("b/c/index.html".to_owned(), "C".to_owned())]
        );
        let writer = Writer::begin(&out).unwrap();
        writer.make_folders(["z/"].into_iter());
        assert!(!writer.staged.join("z").exists(), "a rebuild stages only what changed");
        writer.put("a/index.html", b"A").unwrap();
        writer.commit().unwrap();
        assert!(!out.join("z").exists());
    }

    #[test]
    fn folders_are_no_longer_made_once_the_build_failed() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::begin(&dir.path().join("public")).unwrap();
        writer.make_folders(["a/"].into_iter());
        writer.stop_folders();
        writer.make_folders(["b/", "c/"].into_iter());
        assert!(writer.staged.join("a").is_dir());
        assert!(!writer.staged.join("b").exists() && !writer.staged.join("c").exists());
    }

    #[test]
    fn a_file_can_replace_a_folder_and_a_folder_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, &[file("x/index.html", "1"), file("y", "2")], &[]).unwrap();
        write_atomic(&out, &[file("x", "3"), file("y/index.html", "4")], &[]).unwrap();
        assert_eq!(tree(&out), [("x".to_owned(), "3".to_owned()), ("y/index.html".to_owned(), "4".to_owned())]);
    }

    #[test]
    fn an_interrupted_commit_is_finished_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, &[file("a.txt", "old"), file("gone/index.html", "old")], &[]).unwrap();
        // A commit as the build leaves it when killed right after the commit point: the
        // journal and the files are in the commit folder, the output not yet changed.
        let commit = commit_dir(&out, dir.path());
        fs::create_dir_all(commit.join(FILES).join("b")).unwrap();
        fs::write(commit.join(FILES).join("a.txt"), "new").unwrap();
        fs::write(commit.join(FILES).join("b/c.txt"), "new").unwrap();
        let steps = [
            Step::RemoveFolder("gone".into()),
            Step::Move("a.txt".into()),
            Step::Move("b/c.txt".into()),
            Step::Move(MARKER.into()),
        ];
        fs::write(commit.join(FILES).join(MARKER), format!("{MARKER_HEADER}\n")).unwrap();
        fs::write(commit.join(JOURNAL), journal_bytes(&steps)).unwrap();
        // Killed half-way through: one file moved already.
        fs::rename(commit.join(FILES).join("a.txt"), out.join("a.txt")).unwrap();
        assert!(unfinished_commit(&out));

        recover(&out, dir.path()).unwrap();
        assert!(!unfinished_commit(&out));
        assert_eq!(tree(&out), [("a.txt".to_owned(), "new".to_owned()), ("b/c.txt".to_owned(), "new".to_owned())]);
        assert_eq!(siblings(dir.path()), [LOCK, "public"]);
    }

    /// The lock file of an output named `public`.
    const LOCK: &str = ".covidactu-build-public.lock";

    #[test]
    fn a_build_removes_the_temporary_folders_of_killed_builds_of_its_output_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let killed = [".covidactu-build-public.Ab12Cd", ".covidactu-build-public.zz9999"];
        let others =
            [".covidactu-build-public-rel.Ab12Cd", ".covidactu-build-public.old.Ab12Cd", ".covidactu-build-public."];
        for name in killed.iter().chain(&others) {
            fs::create_dir_all(dir.path().join(name).join(FILES).join("x")).unwrap();
            fs::write(dir.path().join(name).join(FILES).join("x/index.html"), "half-written").unwrap();
        }
        write_atomic(&out, &[file("a.txt", "a")], &[]).unwrap();
        let mut expected: Vec<&str> = others.iter().copied().chain([LOCK, "public"]).collect();
        expected.sort();
        assert_eq!(siblings(dir.path()), expected, "the killed builds' folders are gone, no other");
    }

    #[test]
    fn one_build_at_a_time_writes_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Writer::begin(&out).unwrap();
        let second = Writer::begin(&out).err().expect("a second build of the same output is refused");
        assert!(second.message.contains("une autre construction covidactu"), "{}", second.message);
        let other = Writer::begin(&dir.path().join("public-rel")).expect("another output is free");
        drop((first, other));
        write_atomic(&out, &[file("a.txt", "a")], &[]).expect("free again once the first is done");
    }

    #[test]
    fn journals_keep_any_file_name() {
        let steps = vec![Step::Remove("a b\nc\t.txt".into()), Step::RemoveFolder("é".into()), Step::Move("x/y".into())];
        assert_eq!(parse_journal(&journal_bytes(&steps)), Some(steps));
        assert_eq!(parse_journal(b"r/a"), None, "a record cut short");
        assert_eq!(parse_journal(b"q/a\0"), None);
    }

    #[test]
    fn a_marker_without_a_list_or_with_bad_lines_lists_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(MARKER), format!("{MARKER_HEADER}\nzz\t1\t2\ta\n0\tx\t2\tb\n")).unwrap();
        assert!(read_manifest(dir.path()).is_empty());
        assert!(read_manifest(&dir.path().join("missing")).is_empty());
    }
}
