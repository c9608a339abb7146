//! Watching the site's sources with notify: `content/` and `themes/` recursively and the site
//! folder itself (for `site.yaml`), never the output or `target/`. Events are gathered until
//! the files have been quiet for a moment, so that an editor's save (temporary file, rename,
//! swap file) or a batch of files gives one rebuild.

use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the files must be quiet before a rebuild starts.
pub(super) const QUIET: Duration = Duration::from_millis(12);
/// The longest a burst of changes delays a rebuild.
const LONGEST: Duration = Duration::from_millis(300);

/// A running watcher and the changes it reports.
pub(super) struct Changes {
    _watcher: notify::RecommendedWatcher,
    rx: mpsc::Receiver<notify::Result<Event>>,
}

/// Starts watching the site at `root` (an absolute path).
pub(super) fn watch(root: &Path) -> notify::Result<Changes> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |e| {
        let _ = tx.send(e);
    })?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in ["content", "themes"] {
        if root.join(dir).is_dir() {
            watcher.watch(&root.join(dir), RecursiveMode::Recursive)?;
        }
    }
    Ok(Changes { _watcher: watcher, rx })
}

impl Changes {
    /// Waits for the next burst of changes to the sources and returns their paths; `None`
    /// once the watcher is gone.
    pub(super) fn next(&self, root: &Path) -> Option<BTreeSet<PathBuf>> {
        let mut paths = BTreeSet::new();
        loop {
            let event = self.rx.recv().ok()?;
            collect(event, root, &mut paths);
            if !paths.is_empty() {
                break;
            }
        }
        let start = Instant::now();
        while start.elapsed() < LONGEST {
            match self.rx.recv_timeout(QUIET) {
                Ok(event) => collect(event, root, &mut paths),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        Some(paths)
    }
}

fn collect(event: notify::Result<Event>, root: &Path, paths: &mut BTreeSet<PathBuf>) {
    let Ok(event) = event else { return };
    if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
        return;
    }
    paths.extend(event.paths.into_iter().filter(|p| is_source(p, root)));
}

/// A file whose change matters: under `content/` or `themes/`, or `site.yaml`; not an
/// editor's temporary or swap file.
pub(super) fn is_source(path: &Path, root: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let editor_file = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    if editor_file {
        return false;
    }
    rel == Path::new("site.yaml") || rel.starts_with("content") || rel.starts_with("themes")
}

#[cfg(test)]
mod tests {
    use super::is_source;
    use std::path::Path;

    #[test]
    fn sources_and_editor_files() {
        let root = Path::new("/s");
        assert!(is_source(Path::new("/s/site.yaml"), root));
        assert!(is_source(Path::new("/s/content/pages/a.md"), root));
        assert!(is_source(Path::new("/s/themes/default/static/style.css"), root));
        assert!(!is_source(Path::new("/s/content/pages/.a.md.swp"), root));
        assert!(!is_source(Path::new("/s/content/pages/a.md~"), root));
        assert!(!is_source(Path::new("/s/public/index.html"), root));
        assert!(!is_source(Path::new("/s/target/debug/x"), root));
    }
}
