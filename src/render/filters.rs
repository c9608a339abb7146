//! Tera filters of the theme: French dates and French typography.

use crate::content::Date;
use crate::markdown::french;
use std::collections::HashMap;
use tera::{Result, Tera, Value};

/// Adds covidactu's filters to `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("date_fr", date_fr);
    tera.register_filter("typo", typo);
}

/// `2020-04-12` → `12 avril 2020`; anything else is left as it is.
fn date_fr(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(match value.as_str().and_then(|s| Date::parse(s).ok()) {
        Some(d) => Value::String(d.french()),
        None => value.clone(),
    })
}

/// French typography on a text (titles, summaries).
fn typo(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(match value.as_str() {
        Some(s) => Value::String(french(s).into_owned()),
        None => value.clone(),
    })
}
