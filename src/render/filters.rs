//! Tera filters of the theme: French dates, numbers and typography.

use crate::content::Date;
use crate::markdown::{french, french_number};
use std::collections::HashMap;
use tera::{Result, Tera, Value};

/// Adds covidactu's filters to `tera`.
pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("date_fr", date_fr);
    tera.register_filter("typo", typo);
    tera.register_filter("number_fr", number_fr);
}

/// `6000` → `6 000` (a narrow no-break space); anything but an integer is left as it is.
fn number_fr(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(match value.as_i64() {
        Some(n) => Value::String(french_number(n)),
        None => value.clone(),
    })
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_theme_filters_write_french_dates_and_numbers() {
        let mut tera = tera::Tera::default();
        super::register(&mut tera);
        tera.add_raw_template(
            "t",
            "{{ 6000 | number_fr }} {{ 999 | number_fr }} {{ \"x\" | number_fr }} {{ \"2020-04-12\" | date_fr }}",
        )
        .unwrap();
        let out = tera.render("t", &tera::Context::new()).unwrap();
        assert_eq!(out, "6\u{202f}000 999 x 12 avril 2020");
    }
}
