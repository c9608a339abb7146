//! The search index: built from the site graph in Rust, split so that a query downloads only
//! what it needs, and written as scripts (`covidactuShard(name, data)`) so that it loads over
//! http and from `file://` alike.
//!
//! Documents are numbered by (obsolete last, newest first): the obsolete filter is a single
//! number and recency breaks ties with no extra data. Postings hold precomputed BM25-like
//! impact scores (BM25 per field, weighted title > key points > headings > body > sources, obsolete
//! protocols down-ranked), quantized to a byte, in shards of bounded size; a dictionary per first
//! character says where each term's postings are; a fragment per document carries what a
//! result shows (title, URL, kind, date, text for the snippet). `docs/search-index.md` describes
//! the files, records and encodings, for this writer and for the reader in `runtime.js`.

use super::analysis::{ELISIONS, STOP_WORDS};
use super::synonyms::{IdSynonyms, Synonyms};
use super::terms::Interner;
use crate::content::directory::Entry;
use crate::content::{Config, Kind};
use crate::error::Diagnostic;
use crate::output::{OutputFile, Sink};
use crate::site::{Page, Site};
use base64::Engine;
use rayon::prelude::*;
use serde_json::json;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The fields a document is indexed by: title, summary and key points, headings, body, and
/// its sources (their titles and issuers), in this order.
const FIELDS: usize = 5;
/// Field weights, in the order of [`FIELDS`]: a source's words count less than the body's.
const WEIGHTS: [f64; FIELDS] = [5.0, 3.0, 2.0, 1.0, 0.5];
/// BM25 parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Score factor of obsolete protocols.
const OBSOLETE_FACTOR: f64 = 0.5;
/// A postings shard is closed once it reaches this many bytes (a larger term gets its own).
const SHARD_BYTES: usize = 4 * 1024;
/// Characters of text a fragment keeps for snippets.
const FRAGMENT_CHARS: usize = 800;
/// A term found in more documents keeps exact scores for its best `TOP_K` documents only;
/// the others share the best score left out, and are listed as a bitmap or a list of ids.
const TOP_K: usize = 256;

/// The version of the index's format (`docs/search-index.md`), which the runtime checks:
/// a page whose runtime and index come from different versions says so instead of misreading.
pub(super) const FORMAT_VERSION: u32 = 4;

/// The runtime, as shipped: analysis, stemmer, loader and ranking.
const RUNTIME: &str = include_str!("runtime.js");

/// The runtime with the shared word lists filled in, without comments and indentation
/// (the runtime is written so that this is safe: no multi-line strings).
pub fn runtime_js() -> String {
    let list = |words: &[&str]| serde_json::to_string(words).unwrap_or_else(|_| "[]".into());
    let mut out = String::with_capacity(RUNTIME.len());
    let mut in_comment = false;
    for line in RUNTIME.lines() {
        let line = line.trim();
        if in_comment {
            in_comment = !line.ends_with("*/");
            continue;
        }
        if line.starts_with("/*") && !line.starts_with("/*ELISIONS") && !line.starts_with("/*STOP") {
            in_comment = !line.ends_with("*/");
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.replace("/*ELISIONS*/[]", &list(ELISIONS)).replace("/*STOP_WORDS*/[]", &list(STOP_WORDS))
}

/// A document of the index: a page, or an entry of the directory (found by its name, type,
/// commune and numbers, and shown at its place in `annuaire/`).
#[derive(Clone, Copy)]
enum Doc<'s> {
    Page(&'s Page),
    Entry(&'s Entry),
}

impl<'s> Doc<'s> {
    /// The kind's number in `meta.kinds`: the position of its name in the runtime's `KINDS`.
    fn kind_code(self) -> u8 {
        match self {
            Doc::Page(p) => match p.kind() {
                Kind::Issue => 0,
                Kind::Protocol => 1,
                Kind::Synthesis => 2,
                Kind::Page => 3,
                Kind::Event => 4,
                Kind::Message => 6,
            },
            Doc::Entry(_) => 5,
        }
    }

    fn is_obsolete(self) -> bool {
        matches!(self, Doc::Page(p) if p.is_obsolete())
    }

    fn date(self) -> Option<crate::content::Date> {
        match self {
            Doc::Page(p) => p.doc.meta.date(),
            Doc::Entry(_) => None,
        }
    }

    fn title(self) -> &'s str {
        match self {
            Doc::Page(p) => p.doc.title(),
            Doc::Entry(e) => &e.structure,
        }
    }

    fn audience(self) -> &'s [String] {
        match self {
            Doc::Page(p) => p.doc.meta.audience(),
            Doc::Entry(_) => &[],
        }
    }
}

/// What one document contributes: (term id, frequency in each field), and field lengths.
struct Analyzed {
    tf: Vec<(u32, [u16; FIELDS])>,
    lengths: [u32; FIELDS],
}

/// An entry's address, numbers, email, hours and remarks: its « body ».
fn entry_text(e: &Entry) -> String {
    let mut parts: Vec<&str> = e.address.iter().map(String::as_str).collect();
    parts.extend(e.phones.iter().map(|p| p.shown.as_str()));
    parts.extend([&e.email, &e.hours, &e.notes].into_iter().flatten().map(String::as_str));
    parts.join(" · ")
}

/// How an official message is named: its issuer's id and label and its number, also in
/// parts (`DGS-Urgent 2020_23` is typed « dgs urgent 2020-23 » or « 2020 23 »).
fn message_name(p: &Page, config: &Config) -> Option<String> {
    let crate::content::Meta::Message(m) = &p.doc.meta else { return None };
    let issuer = m.issuer.as_deref().unwrap_or_default();
    let label = config.issuer_label(issuer);
    let reference = m.reference.as_deref().unwrap_or_default();
    let parts: String = reference.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    Some(format!("{label} {issuer} {reference} {parts}"))
}

fn fields<'d>(doc: Doc<'d>, config: &Config) -> [Cow<'d, str>; FIELDS] {
    let page = match doc {
        Doc::Page(p) => p,
        Doc::Entry(e) => {
            let second = format!("{} \n {}", e.kind, e.commune.as_deref().unwrap_or_default());
            // Numbers are also typed without spaces: `0130224000`.
            let compact = e.phones.iter().filter_map(|p| super::analysis::phone_word(&p.shown));
            let body = std::iter::once(entry_text(e)).chain(compact).collect::<Vec<_>>().join(" \n ");
            return [
                Cow::Borrowed(e.structure.as_str()),
                Cow::Owned(second),
                Cow::Borrowed(""),
                Cow::Owned(body),
                Cow::Borrowed(""),
            ];
        }
    };
    let mut second = page.doc.common.summary.clone().unwrap_or_default();
    let mut sources = String::new();
    if let crate::content::Meta::Synthesis(s) = &page.doc.meta {
        for k in &s.key_points {
            second.push_str(" \n ");
            second.push_str(&k.text);
        }
        for src in &s.sources {
            for part in [Some(&src.title), src.publisher.as_ref(), src.journal.as_ref()].into_iter().flatten() {
                sources.push_str(part);
                sources.push_str(" \n ");
            }
        }
    }
    let headings = page.rendered.headings.iter().map(|h| h.text.as_str()).collect::<Vec<_>>().join(" \n ");
    let title = match message_name(page, config) {
        Some(name) => Cow::Owned(format!("{} \n {name}", page.doc.title())),
        None => Cow::Borrowed(page.doc.title()),
    };
    [title, Cow::Owned(second), Cow::Owned(headings), Cow::Borrowed(&page.rendered.text), Cow::Owned(sources)]
}

fn analyze(doc: Doc<'_>, config: &Config, interner: &Interner, synonyms: &IdSynonyms) -> Analyzed {
    thread_local! {
        /// Frequencies by term id, all zero between two documents: counting a word is an
        /// index, not a hash lookup (which was a tenth of the index's time).
        static COUNTS: RefCell<Vec<[u16; FIELDS]>> = const { RefCell::new(Vec::new()) };
    }
    fn add(counts: &mut Vec<[u16; FIELDS]>, touched: &mut Vec<u32>, term: u32, field: usize) {
        let i = term as usize;
        if i >= counts.len() {
            counts.resize(i + 1, [0; FIELDS]);
        }
        if counts[i] == [0; FIELDS] {
            touched.push(term);
        }
        counts[i][field] = counts[i][field].saturating_add(1);
    }
    COUNTS.with(|cell| {
        let counts = &mut *cell.borrow_mut();
        let mut touched = Vec::new();
        let mut lengths = [0; FIELDS];
        let mut seq = Vec::new();
        for (f, field) in fields(doc, config).iter().enumerate() {
            seq.clear();
            interner.terms(field, &mut seq);
            lengths[f] = seq.len() as u32;
            for &t in &seq {
                add(counts, &mut touched, t, f);
            }
            synonyms.tokens(&seq, |g| add(counts, &mut touched, g, f));
        }
        let tf = touched.into_iter().map(|t| (t, std::mem::take(&mut counts[t as usize]))).collect();
        Analyzed { tf, lengths }
    })
}

/// BM25 summed over the fields, each with its weight and its own length normalisation, so
/// that a word in the title counts for much even when the body mentions it often elsewhere.
fn score(idf: f64, tf: &[u16; FIELDS], lengths: &[u32; FIELDS], averages: &[f64; FIELDS]) -> f64 {
    (0..FIELDS)
        .filter(|&f| tf[f] > 0)
        .map(|f| {
            let tf = f64::from(tf[f]);
            let norm = 1.0 - B + B * f64::from(lengths[f]) / averages[f].max(1.0);
            WEIGHTS[f] * idf * tf * (K1 + 1.0) / (tf + K1 * norm)
        })
        .sum()
}

/// Where a term's postings are: shard number, byte offset and length in it.
struct DictEntry {
    term: String,
    df: usize,
    shard: usize,
    offset: usize,
    len: usize,
}

/// `q = round(32 · ln(1 + 4s))`, decoded by the runtime as `(e^(q/32) − 1) / 4`.
fn quantize(score: f64) -> u8 {
    (32.0 * (1.0 + 4.0 * score).ln()).round().clamp(1.0, 255.0) as u8
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 128 {
        out.push((v as u8 & 127) | 128);
        v >>= 7;
    }
    out.push(v as u8);
}

fn shard(name: &str, data: &serde_json::Value) -> OutputFile {
    let text = format!("covidactuShard({},{});\n", serde_json::to_string(name).unwrap_or_default(), data);
    OutputFile { path: crate::site::urls::search_file(name), bytes: text.into_bytes() }
}

/// Builds every file of the search index for `site`, handing each to `sink` as soon as it
/// is made (the fragments from several threads), so that the index is never whole in memory.
/// The files and their encodings are described in `docs/search-index.md`.
pub fn build_into(site: &Site, synonyms: &Synonyms, number_word: &str, sink: &Sink) -> Result<(), Diagnostic> {
    let docs = number_documents(site);
    let index = invert(&docs.docs, &site.config, synonyms);
    let dictionary = write_postings(&index, sink)?;
    write_dictionaries(dictionary, sink)?;
    let names = Names { config: &site.config, number: number_word };
    docs.docs.par_iter().enumerate().try_for_each(|(n, d)| sink(shard(&format!("f/{n}"), &fragment(*d, &names))))?;
    write_filters(site, &docs.docs, sink)?;
    write_meta(site, &docs, synonyms, sink)
}

/// The documents in index order: current ones first, then the obsolete protocols; newest
/// first within each (the directory's entries, undated, after the dated pages).
struct Numbered<'s> {
    docs: Vec<Doc<'s>>,
    /// The number of the first obsolete protocol (`docs.len()` when there is none).
    first_obsolete: usize,
}

fn number_documents(site: &Site) -> Numbered<'_> {
    let mut docs: Vec<Doc> = site.pages.iter().map(Doc::Page).chain(site.directory.iter().map(Doc::Entry)).collect();
    docs.sort_by_cached_key(|d| (d.is_obsolete(), std::cmp::Reverse(d.date()), d.title().to_lowercase()));
    let first_obsolete = docs.iter().position(|d| d.is_obsolete()).unwrap_or(docs.len());
    Numbered { docs, first_obsolete }
}

/// The inverted index: every term, and its postings encoded with their scores.
struct Inverted {
    terms: Vec<String>,
    /// Per term id: how many documents have it, and its encoded postings.
    df: Vec<usize>,
    encoded: Vec<Vec<u8>>,
}

/// Analyses every document (in parallel), then scores and encodes each term's postings.
fn invert(docs: &[Doc], config: &Config, synonyms: &Synonyms) -> Inverted {
    let interner = Interner::new();
    let synonym_ids = synonyms.ids(&interner);
    let analyzed: Vec<Analyzed> = docs.par_iter().map(|d| analyze(*d, config, &interner, &synonym_ids)).collect();
    let terms = interner.into_terms();
    let n = docs.len().max(1) as f64;
    // Field lengths are compared within a family: a page's body with pages' bodies, an
    // entry's few words with entries' (a directory of short entries would otherwise make
    // every page look long).
    let family = |d: &Doc| usize::from(matches!(d, Doc::Entry(_)));
    let mut averages = [[0.0; FIELDS]; 2];
    let mut counts = [0usize; 2];
    for (d, a) in docs.iter().zip(&analyzed) {
        counts[family(d)] += 1;
        for (sum, len) in averages[family(d)].iter_mut().zip(a.lengths) {
            *sum += f64::from(len);
        }
    }
    for (avg, count) in averages.iter_mut().zip(counts) {
        avg.iter_mut().for_each(|a| *a /= count.max(1) as f64);
    }
    let first_obsolete = docs.iter().position(|d| d.is_obsolete()).unwrap_or(docs.len());
    // Each document's frequencies move to the postings (and are freed) one document at a time.
    let lengths: Vec<[u32; FIELDS]> = analyzed.iter().map(|a| a.lengths).collect();
    let mut postings: Vec<Vec<(u32, [u16; FIELDS])>> = vec![Vec::new(); terms.len()];
    for (doc, a) in analyzed.into_iter().enumerate() {
        for (t, tf) in a.tf {
            postings[t as usize].push((doc as u32, tf));
        }
    }
    let encoded: Vec<Vec<u8>> = postings
        .par_iter()
        .map(|list| {
            let df = list.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let scored: Vec<(u32, u8)> = list
                .iter()
                .map(|(doc, tf)| {
                    let d = *doc as usize;
                    let mut s = score(idf, tf, &lengths[d], &averages[family(&docs[d])]);
                    if d >= first_obsolete {
                        s *= OBSOLETE_FACTOR;
                    }
                    (*doc, quantize(s))
                })
                .collect();
            if scored.is_empty() {
                Vec::new()
            } else {
                encode_postings(&scored, docs.len())
            }
        })
        .collect();
    let df = postings.iter().map(Vec::len).collect();
    Inverted { terms, df, encoded }
}

/// Writes the postings in shards of about [`SHARD_BYTES`] (`p/N.js`), the terms in order;
/// returns where each term's postings went, by the term's first character.
fn write_postings(index: &Inverted, sink: &Sink) -> Result<BTreeMap<char, Vec<DictEntry>>, Diagnostic> {
    let Inverted { terms, df, encoded } = index;
    let mut by_term: Vec<u32> = (0..terms.len() as u32).filter(|&t| df[t as usize] > 0).collect();
    by_term.sort_by(|a, b| terms[*a as usize].cmp(&terms[*b as usize]));
    let mut dictionary: BTreeMap<char, Vec<DictEntry>> = BTreeMap::new();
    let mut current: Vec<u8> = Vec::new();
    let mut shard_no = 0;
    let flush = |bytes: &mut Vec<u8>, no: &mut usize| -> Result<(), Diagnostic> {
        if !bytes.is_empty() {
            let b64 = base64::engine::general_purpose::STANDARD.encode(&*bytes);
            sink(shard(&format!("p/{no}"), &json!(b64)))?;
            bytes.clear();
            *no += 1;
        }
        Ok(())
    };
    for t in by_term {
        let (term, encoded, df) = (&terms[t as usize], &encoded[t as usize], df[t as usize]);
        if !current.is_empty() && current.len() + encoded.len() > SHARD_BYTES {
            flush(&mut current, &mut shard_no)?;
        }
        let first = term.chars().next().unwrap_or('_');
        let entry = DictEntry { term: term.clone(), df, shard: shard_no, offset: current.len(), len: encoded.len() };
        dictionary.entry(first).or_default().push(entry);
        current.extend_from_slice(encoded);
    }
    flush(&mut current, &mut shard_no)?;
    Ok(dictionary)
}

/// Writes one dictionary per first character (`t/HEX.js`): a line per term, front-coded.
fn write_dictionaries(dictionary: BTreeMap<char, Vec<DictEntry>>, sink: &Sink) -> Result<(), Diagnostic> {
    for (first, entries) in dictionary {
        let mut text = String::new();
        let mut prev = String::new();
        for DictEntry { term, df, shard: shard_no, offset, len } in entries {
            let common = prev.chars().zip(term.chars()).take_while(|(a, b)| a == b).count();
            let common_bytes: usize = term.chars().take(common).map(char::len_utf8).sum();
            // The runtime slices JavaScript strings, which count UTF-16 units.
            let common_units: usize = term.chars().take(common).map(char::len_utf16).sum();
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\n",
                base36(common_units),
                &term[common_bytes..],
                base36(df),
                base36(shard_no),
                base36(offset),
                base36(len)
            ));
            prev = term;
        }
        sink(shard(&format!("t/{:x}", first as u32), &json!(text)))?;
    }
    Ok(())
}

/// Writes what the filters read: each document's kind is in `meta`; one bitmap of the
/// documents meant for each profession (`a/ID.js`).
fn write_filters(site: &Site, docs: &[Doc], sink: &Sink) -> Result<(), Diagnostic> {
    for id in site.config.professions.keys() {
        let mut bits = vec![0u8; docs.len().div_ceil(8)];
        for (doc, d) in docs.iter().enumerate() {
            if d.audience().contains(id) {
                bits[doc / 8] |= 1 << (doc % 8);
            }
        }
        sink(shard(&format!("a/{id}"), &json!(base64::engine::general_purpose::STANDARD.encode(bits))))?;
    }
    Ok(())
}

/// Writes `meta.js` (the format's version, the documents' count and kinds, the synonyms) and
/// the runtime.
fn write_meta(site: &Site, docs: &Numbered, synonyms: &Synonyms, sink: &Sink) -> Result<(), Diagnostic> {
    let mut kinds = vec![0u8; docs.docs.len().div_ceil(2)];
    for (n, d) in docs.docs.iter().enumerate() {
        kinds[n / 2] |= d.kind_code() << ((n % 2) * 4);
    }
    let meta = json!({
        "n": docs.docs.len(),
        "obsolete": docs.first_obsolete,
        "kinds": base64::engine::general_purpose::STANDARD.encode(kinds),
        "relative": site.config.relative_urls,
        "professions": site.config.professions.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
        "syn": synonyms.single,
        "phrases": synonyms.phrases.iter().map(|(t, g)| json!([t, g])).collect::<Vec<_>>(),
        "members": synonyms.members,
        "version": FORMAT_VERSION,
    });
    sink(shard("meta", &meta))?;
    sink(OutputFile { path: crate::site::urls::search_file("runtime"), bytes: runtime_js().into_bytes() })
}

/// The postings of one term, `(doc, score)` in document order:
/// - `0, count, (Δdoc, score)…` when the term is in at most `TOP_K` documents;
/// - otherwise `1` (bitmap) or `2` (list), `K, (Δdoc, score)…` for the best K documents,
///   the score given to all the others, then the others as a bitmap of every document or
///   as `count, Δdoc…`, whichever is smaller.
fn encode_postings(scored: &[(u32, u8)], n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(scored.len() * 2 + 8);
    let pairs = |out: &mut Vec<u8>, list: &[(u32, u8)]| {
        varint(out, list.len() as u64);
        let mut prev = 0;
        for &(doc, q) in list {
            varint(out, u64::from(doc - prev));
            prev = doc;
            out.push(q);
        }
    };
    if scored.len() <= TOP_K {
        out.push(0);
        pairs(&mut out, scored);
        return out;
    }
    let mut by_score: Vec<&(u32, u8)> = scored.iter().collect();
    by_score.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut top: Vec<(u32, u8)> = by_score[..TOP_K].iter().map(|p| **p).collect();
    top.sort_unstable();
    let floor = by_score[TOP_K].1;
    let rest: Vec<u32> = scored.iter().map(|p| p.0).filter(|d| top.binary_search_by_key(d, |p| p.0).is_err()).collect();
    let mut list = Vec::new();
    varint(&mut list, rest.len() as u64);
    let mut prev = 0;
    for &d in &rest {
        varint(&mut list, u64::from(d - prev));
        prev = d;
    }
    let bitmap_len = n.div_ceil(8);
    out.push(if bitmap_len < list.len() { 1 } else { 2 });
    pairs(&mut out, &top);
    out.push(floor);
    if bitmap_len < list.len() {
        let mut bits = vec![0u8; bitmap_len];
        for d in rest {
            bits[d as usize / 8] |= 1 << (d % 8);
        }
        out.extend(bits);
    } else {
        out.extend(list);
    }
    out
}

/// What results are named with: the site's issuers, and its word for « number » (`n°`).
struct Names<'a> {
    config: &'a Config,
    number: &'a str,
}

/// What a result shows: an entry of the directory is shown at its anchor (`h`).
fn fragment(doc: Doc<'_>, names: &Names) -> serde_json::Value {
    let p = match doc {
        Doc::Page(p) => p,
        Doc::Entry(e) => {
            let mut text: Vec<&str> = vec![e.kind.as_str()];
            text.extend(e.commune.as_deref());
            let body = entry_text(e);
            text.push(&body);
            return json!({
                "u": crate::site::urls::DIRECTORY,
                "h": e.anchor,
                "t": e.structure,
                "k": "directory",
                "x": crate::site::excerpt(&text.join(" · "), FRAGMENT_CHARS),
            });
        }
    };
    let mut text = String::new();
    if let Some(s) = &p.doc.common.summary {
        text.push_str(s);
        text.push(' ');
    }
    if let crate::content::Meta::Synthesis(s) = &p.doc.meta {
        for k in &s.key_points {
            text.push_str(&k.text);
            text.push(' ');
        }
    }
    // The excerpt reads one character past its length, to know whether it cuts the text.
    let body = &p.rendered.text;
    text.push_str(body.char_indices().nth(FRAGMENT_CHARS + 1).map_or(body, |(end, _)| &body[..end]));
    let mut fragment = json!({
        "u": p.path,
        "t": match &p.doc.meta {
            // A message is named by its issuer and number first, as people remember it.
            crate::content::Meta::Message(m) => {
                let issuer = m.issuer.as_deref().unwrap_or_default();
                let label = names.config.issuer_label(issuer);
                let reference = m.reference.as_deref().unwrap_or_default();
                format!("{label} {} {reference} — {}", names.number, p.doc.title())
            }
            _ => p.doc.title().to_owned(),
        },
        "k": p.kind(),
        "d": p.doc.meta.date().map(|d| d.iso()),
        "x": crate::site::excerpt(&text, FRAGMENT_CHARS),
    });
    // Only a preview (`serve`, `--drafts`) has unpublished documents to mark.
    if let Some(why) = crate::render::views::unpublished(p) {
        fragment["b"] = json!(why);
    }
    fragment
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if n == 0 {
        return "0".into();
    }
    let mut s = Vec::new();
    while n > 0 {
        s.push(DIGITS[n % 36]);
        n /= 36;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantization_round_trips_within_a_few_percent() {
        for s in [0.05, 0.3, 1.0, 4.0, 12.0] {
            let q = quantize(s) as f64;
            let back = ((q / 32.0).exp() - 1.0) / 4.0;
            assert!((back - s).abs() / s < 0.06, "{s} → {back}");
        }
    }

    #[test]
    fn varints_and_base36() {
        let mut v = Vec::new();
        varint(&mut v, 300);
        assert_eq!(v, [172, 2]);
        assert_eq!(base36(0), "0");
        assert_eq!(base36(36 * 36 + 35), "10z");
    }

    /// The per-thread counts start from zero for each document: the example site's pages, twice
    /// over on one thread, get the frequencies a plain count gives.
    #[test]
    fn frequencies_are_counted_afresh_for_each_document() {
        let opts = crate::build::BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        let (site, _, _) = crate::build::load(&opts, None).expect("the example site loads");
        let interner = Interner::new();
        let synonyms = Synonyms::default().ids(&interner);
        let docs = number_documents(&site).docs;
        assert!(docs.iter().any(|d| matches!(d, Doc::Entry(_))), "the example has a directory");
        for &doc in docs.iter().chain(&docs) {
            let mut got = analyze(doc, &site.config, &interner, &synonyms);
            got.tf.sort_unstable();
            let mut expected: BTreeMap<u32, [u16; FIELDS]> = BTreeMap::new();
            let mut lengths = [0; FIELDS];
            for (f, field) in fields(doc, &site.config).iter().enumerate() {
                let mut seq = Vec::new();
                interner.terms(field, &mut seq);
                lengths[f] = seq.len() as u32;
                for t in seq {
                    expected.entry(t).or_default()[f] += 1;
                }
            }
            assert_eq!(got.tf, expected.into_iter().collect::<Vec<_>>(), "{}", doc.title());
            assert_eq!(got.lengths, lengths);
        }
    }

    #[test]
    fn the_runtime_reads_the_format_written() {
        assert!(RUNTIME.contains(&format!("var FORMAT_VERSION = {FORMAT_VERSION};")));
    }

    #[test]
    fn the_runtime_gets_the_shared_lists() {
        let js = runtime_js();
        assert!(js.contains(r#"var STOP_WORDS = ["a","au""#));
        assert!(js.contains(r#"var ELISIONS = ["l","d""#));
    }
}
