//! Term ids for the index builder: every distinct term gets a number, so that documents are
//! held as small `(id, frequencies)` lists rather than strings. Each worker thread remembers
//! the id of every folded word it has met, so that stemming and the shared table are only
//! reached for new words.

use super::analysis;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// The id of a stop word.
pub(super) const STOP: u32 = u32::MAX;

/// The table of terms of one index build.
pub struct Interner {
    build: u64,
    table: Mutex<(FxHashMap<String, u32>, Vec<String>)>,
}

thread_local! {
    /// (build, word as written → term id) of this thread.
    static WORDS: RefCell<(u64, FxHashMap<String, u32>)> = RefCell::new((0, FxHashMap::default()));
}

impl Interner {
    pub fn new() -> Self {
        static BUILDS: AtomicU64 = AtomicU64::new(1);
        Interner { build: BUILDS.fetch_add(1, Ordering::Relaxed), table: Mutex::new(Default::default()) }
    }

    /// The id of a term (a stem, or a synonym group token).
    pub fn id(&self, term: &str) -> u32 {
        let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = table.0.get(term) {
            return id;
        }
        let id = table.1.len() as u32;
        table.1.push(term.to_owned());
        table.0.insert(term.to_owned(), id);
        id
    }

    /// The term ids of `text`, in order, stop words left out.
    pub fn terms(&self, text: &str, out: &mut Vec<u32>) {
        WORDS.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.0 != self.build {
                *cache = (self.build, FxHashMap::default());
            }
            analysis::for_each_raw_word(text, |word, _, _| {
                let id = match cache.1.get(word) {
                    Some(&id) => id,
                    None => {
                        let folded = analysis::fold(word);
                        let id = if folded.is_empty() {
                            STOP
                        } else {
                            analysis::term(&folded).map_or(STOP, |t| self.id(&t))
                        };
                        cache.1.insert(word.to_owned(), id);
                        id
                    }
                };
                if id != STOP {
                    out.push(id);
                }
            });
        });
    }

    /// Every term, by id.
    pub fn into_terms(self) -> Vec<String> {
        self.table.into_inner().unwrap_or_else(|e| e.into_inner()).1
    }
}

impl Default for Interner {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_terms_as_the_analysis() {
        let i = Interner::new();
        let mut ids = Vec::new();
        i.terms("Les infirmières appellent l'oxygénothérapie", &mut ids);
        let terms = i.into_terms();
        let got: Vec<&str> = ids.iter().map(|&id| terms[id as usize].as_str()).collect();
        assert_eq!(got, analysis::terms("Les infirmières appellent l'oxygénothérapie"));
    }
}
