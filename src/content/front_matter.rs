//! Front matter: splitting the YAML block from the markdown body, then turning it into typed
//! structs while collecting *every* problem with its exact place (unknown keys with a
//! did-you-mean, wrong types, impossible dates), not only the first one serde meets.
//!
//! Each top-level key's block of lines is deserialized on its own, so that an error inside
//! it is located by serde_yaml relative to that block and shifted to the file's line.

use super::source::SourceFile;
use crate::error::{did_you_mean, Diagnostic, Diagnostics};
use crate::i18n::{self, msg};
use serde::de::{self, DeserializeOwned, Visitor};
use serde_yaml::{Mapping, Value};
use std::collections::HashMap;

/// A content file cut in two: its front matter and its markdown body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split<'a> {
    /// The YAML text between the `---` lines.
    pub yaml: &'a str,
    /// The file line of the first YAML line.
    pub yaml_line: usize,
    /// Byte offset of the body in the file text.
    pub body_offset: usize,
}

/// Cuts `file` at its `---` lines; a missing or unclosed block is an error at line 1.
pub(crate) fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text.as_str();
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(file
            .error_at(msg::no_front_matter(), 1, 1, first.chars().count())
            .with_help(msg::no_front_matter_help()));
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start;
    for line in text.get(yaml_start..).unwrap_or("").split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Ok(Split { yaml: &text[yaml_start..offset], yaml_line: 2, body_offset: offset + line.len() });
        }
        offset += line.len();
    }
    Err(file.error_at(msg::front_matter_not_closed(), 1, 1, 3).with_help(msg::front_matter_not_closed_help()))
}

/// One top-level key of the front matter and its lines.
#[derive(Debug, Clone)]
struct Block<'a> {
    key: String,
    /// File line of the key.
    line: usize,
    text: &'a str,
}

/// A parsed front matter, ready to be read into typed parts.
pub(crate) struct Fields<'a> {
    file: &'a SourceFile,
    split: Split<'a>,
    mapping: Mapping,
    /// Per-key blocks, when the YAML is laid out one key per line (the usual case).
    blocks: Option<Vec<Block<'a>>>,
}

impl<'a> Fields<'a> {
    /// Parses the YAML; a syntax error, or something other than a mapping, is located.
    pub(crate) fn parse(file: &'a SourceFile, split: Split<'a>) -> Result<Self, Diagnostic> {
        let value: Value = if split.yaml.trim().is_empty() {
            Value::Mapping(Mapping::new())
        } else {
            serde_yaml::from_str(split.yaml).map_err(|e| locate(file, split.yaml_line, &e, msg::invalid_yaml))?
        };
        let mapping = match value {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            _ => return Err(file.error_at(msg::front_matter_not_a_map(), split.yaml_line, 1, 1)),
        };
        let blocks = blocks(split.yaml, split.yaml_line);
        let keys_agree =
            blocks.len() == mapping.len() && blocks.iter().all(|b| mapping.contains_key(Value::String(b.key.clone())));
        Ok(Fields { file, split, mapping, blocks: keys_agree.then_some(blocks) })
    }

    /// File line of each key, for later messages about its value.
    pub(crate) fn key_lines(&self) -> HashMap<String, usize> {
        match &self.blocks {
            Some(bs) => bs.iter().map(|b| (b.key.clone(), b.line)).collect(),
            None => HashMap::new(),
        }
    }

    /// Reports every key that is in none of `known`, with the nearest known key as a hint.
    pub(crate) fn check_unknown(&self, known: &[&str], what: &str, diags: &mut Diagnostics) {
        for key in self.mapping.keys() {
            let name = key_name(key);
            if known.contains(&name.as_str()) {
                continue;
            }
            let (line, col, len) = self.key_place(&name);
            let mut d = self.file.error_at(msg::unknown_field(&name, what), line, col, len);
            d = match did_you_mean(&name, known.iter().copied()) {
                Some(s) => d.with_help(msg::did_you_mean(s)),
                None => d.with_help(msg::known_fields(known.join(", "))),
            };
            diags.push(d);
        }
    }

    /// Reads the keys of `T` (a struct whose fields all have defaults) into a `T`, reporting
    /// each key whose value does not fit; such keys are left at their default.
    pub(crate) fn read<T: DeserializeOwned + Default>(&self, diags: &mut Diagnostics) -> T {
        let fields = field_names::<T>();
        // Usually every value fits: one conversion of the parsed values. Only otherwise is
        // each key's block parsed again on its own, to place each error.
        let mine: Mapping = self
            .mapping
            .iter()
            .filter(|(k, _)| fields.contains(&key_name(k).as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Ok(all) = serde_yaml::from_value(Value::Mapping(mine)) {
            return all;
        }
        let mut good = Mapping::new();
        for (key, value) in &self.mapping {
            let name = key_name(key);
            if !fields.contains(&name.as_str()) {
                continue;
            }
            let checked = match self.block(&name) {
                Some(b) => serde_yaml::from_str::<T>(b.text).map_err(|e| locate(self.file, b.line, &e, |m| m)),
                None => {
                    let one = Mapping::from_iter([(key.clone(), value.clone())]);
                    serde_yaml::from_value::<T>(Value::Mapping(one)).map_err(|e| {
                        let (line, col, len) = self.key_place(&name);
                        self.file.error_at(msg::field_error(&name, i18n::serde_error(&e.to_string())), line, col, len)
                    })
                }
            };
            match checked {
                Ok(_) => {
                    good.insert(key.clone(), value.clone());
                }
                Err(d) => diags.push(d),
            }
        }
        serde_yaml::from_value(Value::Mapping(good)).unwrap_or_else(|e| {
            diags.push(self.file.error_at(
                msg::invalid_front_matter(i18n::serde_error(&e.to_string())),
                self.split.yaml_line,
                1,
                1,
            ));
            T::default()
        })
    }

    /// Line, column and length of `key` in the file (line of the block start otherwise).
    pub(crate) fn key_place(&self, key: &str) -> (usize, usize, usize) {
        match self.block(key) {
            Some(b) => (b.line, 1, key.chars().count()),
            None => self.file.find_from(self.split.yaml_line, key),
        }
    }

    fn block(&self, key: &str) -> Option<&Block<'a>> {
        self.blocks.as_ref()?.iter().find(|b| b.key == key)
    }
}

/// A YAML key as text (numbers and booleans as written).
fn key_name(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_owned(),
    }
}

/// Cuts YAML text into top-level key blocks: a block starts at a line beginning with a key
/// at column 1 and runs until the next such line.
fn blocks(yaml: &str, first_line: usize) -> Vec<Block<'_>> {
    let mut out: Vec<Block<'_>> = Vec::new();
    let mut starts = Vec::new();
    let mut offset = 0;
    for (i, line) in yaml.split_inclusive('\n').enumerate() {
        if let Some(key) = top_level_key(line) {
            starts.push((offset, key, first_line + i));
        }
        offset += line.len();
    }
    for (n, (start, key, line)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(yaml.len(), |s| s.0);
        out.push(Block { key: key.clone(), line: *line, text: &yaml[*start..end] });
    }
    out
}

fn top_level_key(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '-' | '#' | '[' | '{' | ']' | '}') {
        return None;
    }
    let colon = line.find(": ").or_else(|| line.trim_end().strip_suffix(':').map(|s| s.len()))?;
    let key = line[..colon].trim();
    let key = key.trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty()).then(|| key.to_owned())
}

/// A serde_yaml error placed in the file, in the user's language, `frame`d: its location is
/// relative to text starting at `first_line`.
fn locate(file: &SourceFile, first_line: usize, e: &serde_yaml::Error, frame: fn(String) -> String) -> Diagnostic {
    let message = frame(i18n::serde_error(&clean_message(&e.to_string())));
    match e.location() {
        Some(loc) => file.error_at(message, first_line + loc.line() - 1, loc.column(), 1),
        None => file.error_at(message, first_line, 1, 1),
    }
}

/// serde_yaml appends " at line L column C" to its messages; we show the place ourselves.
fn clean_message(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_owned(),
        None => m.to_owned(),
    }
}

/// The field names serde knows for struct `T`, read from its derived `Deserialize`.
pub(crate) fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut names = None;
    let _ = T::deserialize(Introspect(&mut names));
    names.unwrap_or(&[])
}

struct Introspect<'n>(&'n mut Option<&'static [&'static str]>);

impl<'de> de::Deserializer<'de> for Introspect<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(de::Error::custom("fields read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Default, Debug)]
    #[serde(default)]
    struct Meta {
        title: Option<String>,
        number: Option<u32>,
        tags: Vec<String>,
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::from_text("content/x.md", text)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let f = file("---\ntitle: A\n---\nCorps\n");
        let s = split(&f).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(&f.text[s.body_offset..], "Corps\n");
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_errors() {
        assert!(split(&file("---\ntitle: A\n")).unwrap_err().message.contains("pas fermé"));
        assert!(split(&file("# Titre\n")).unwrap_err().message.contains("pas d’en-tête"));
    }

    #[test]
    fn collects_every_bad_field_with_its_line() {
        let f = file("---\ntitel: A\nnumber: douze\ntags:\n  - a\n  - [b]\n---\n");
        let fields = Fields::parse(&f, split(&f).unwrap()).unwrap();
        let mut diags = Diagnostics::new();
        fields.check_unknown(field_names::<Meta>(), "a page", &mut diags);
        let meta: Meta = fields.read(&mut diags);
        let places: Vec<_> = diags.iter().map(|d| (d.line, d.message.clone())).collect();
        assert_eq!(diags.0.len(), 3, "{places:?}");
        assert_eq!(places[0].0, 2);
        assert_eq!(diags.0[0].help, Some(msg::did_you_mean("title")));
        assert_eq!(places[1].0, 3);
        assert_eq!(places[2].0, 6);
        assert_eq!(meta.number, None);
    }

    #[test]
    fn introspects_field_names() {
        assert_eq!(field_names::<Meta>(), &["title", "number", "tags"]);
    }
}
