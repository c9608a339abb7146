//! Synonyms and abbreviations for search: the theme's default list (`synonymes.yaml`) plus
//! the site's own `content/synonymes.yaml`. Each group is a list of equivalent words or
//! phrases; documents containing any of them also get the group's token.

use super::analysis::terms;
use super::terms::Interner;
use crate::content::source;
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::{self, msg};
use crate::render::theme::DEFAULT_THEME;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Analyzed synonym groups.
#[derive(Debug, Default, Clone)]
pub struct Synonyms {
    /// Single-term members: term → group tokens.
    pub single: BTreeMap<String, BTreeSet<String>>,
    /// Several-term members: (terms, group token).
    pub phrases: Vec<(Vec<String>, String)>,
    /// Group token → every term of its members (for highlighting).
    pub members: BTreeMap<String, BTreeSet<String>>,
}

impl Synonyms {
    /// Builds the analyzed groups from lists of words or phrases.
    pub fn from_groups(groups: &[Vec<String>]) -> Synonyms {
        let mut s = Synonyms::default();
        for (i, group) in groups.iter().enumerate() {
            let token = format!("_{i}");
            for member in group {
                let t = terms(member);
                match t.len() {
                    0 => continue,
                    1 => {
                        s.single.entry(t[0].clone()).or_default().insert(token.clone());
                    }
                    _ => s.phrases.push((t.clone(), token.clone())),
                }
                s.members.entry(token.clone()).or_default().extend(t);
            }
        }
        s
    }

    /// The groups in the term ids of `interner`.
    pub fn ids(&self, interner: &Interner) -> IdSynonyms {
        let mut starts: FxHashMap<u32, Starting> = FxHashMap::default();
        for (term, groups) in &self.single {
            starts.entry(interner.id(term)).or_default().groups.extend(groups.iter().map(|g| interner.id(g)));
        }
        for (terms, group) in &self.phrases {
            let ids: Vec<u32> = terms.iter().map(|x| interner.id(x)).collect();
            starts.entry(ids[0]).or_default().phrases.push((ids, interner.id(group)));
        }
        IdSynonyms { starts }
    }
}

/// Synonym groups over term ids, for the index builder.
#[derive(Debug, Default)]
pub struct IdSynonyms {
    starts: FxHashMap<u32, Starting>,
}

/// What a term brings: the groups it belongs to alone, and the phrases (with their group)
/// it starts.
#[derive(Debug, Default)]
struct Starting {
    groups: Vec<u32>,
    phrases: Vec<(Vec<u32>, u32)>,
}

impl IdSynonyms {
    /// Calls `f(group)` for each group a sequence of term ids carries, once per occurrence.
    pub fn tokens(&self, seq: &[u32], mut f: impl FnMut(u32)) {
        for (i, t) in seq.iter().enumerate() {
            let Some(starting) = self.starts.get(t) else { continue };
            starting.groups.iter().for_each(|&g| f(g));
            for (phrase, group) in &starting.phrases {
                if seq[i..].starts_with(phrase) {
                    f(*group);
                }
            }
        }
    }
}

/// Reads the default groups and the site's `content/synonymes.yaml`, reporting problems.
pub(crate) fn load(root: &Path) -> Result<Synonyms, Diagnostics> {
    let mut groups = Vec::new();
    let mut diags = Diagnostics::new();
    if let Some(f) = DEFAULT_THEME.get_file("synonymes.yaml") {
        let text = String::from_utf8_lossy(f.contents()).into_owned();
        parse(&text, PathBuf::from("themes/default/synonymes.yaml (embedded)"), &mut groups, &mut diags);
    }
    let site_file = root.join("content").join("synonymes.yaml");
    if site_file.exists() {
        match source::read(root, &site_file) {
            Ok(f) => parse(&f.text, f.rel.clone(), &mut groups, &mut diags),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Synonyms::from_groups(&groups))
}

fn parse(text: &str, shown: PathBuf, groups: &mut Vec<Vec<String>>, diags: &mut Diagnostics) {
    match serde_yaml::from_str::<Option<Vec<Vec<String>>>>(text) {
        Ok(g) => groups.extend(g.unwrap_or_default()),
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            diags.push(
                Diagnostic::error(msg::synonyms_error(i18n::serde_error(&e.to_string())))
                    .in_file(shown)
                    .at(text, line, col, 1)
                    .with_help(msg::synonyms_help()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_single_terms_and_phrases() {
        let s = Synonyms::from_groups(&[
            vec!["MG".into(), "médecin généraliste".into()],
            vec!["IDE".into(), "infirmier".into()],
        ]);
        let interner = Interner::new();
        let ids = s.ids(&interner);
        let mut seq = Vec::new();
        interner.terms("le médecin généraliste et l'infirmier", &mut seq);
        let mut groups = Vec::new();
        ids.tokens(&seq, |g| groups.push(g));
        let terms = interner.into_terms();
        let names: Vec<&str> = groups.iter().map(|&g| terms[g as usize].as_str()).collect();
        assert_eq!(names, ["_0", "_1"]);
        assert!(s.single.contains_key(&super::terms("MG")[0]));
    }

    #[test]
    fn the_default_list_parses() {
        let dir = tempfile::tempdir().unwrap();
        let s = load(dir.path()).unwrap();
        assert!(s.single.contains_key(&terms("IDE")[0]));
        assert!(s.single.contains_key(&terms("SpO2")[0]));
    }
}
