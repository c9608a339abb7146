//! Tera filters of the theme: dates, numbers and typography in the site's language (French
//! unless `language: en`). Their names say French because French is what a CPTS writes.

use crate::content::Date;
use crate::markdown::{french, french_number};
use std::collections::HashMap;
use tera::{Result, Tera, Value};

/// Adds covidactu's filters to `tera`, for a site in `language`.
pub(super) fn register(tera: &mut Tera, language: &str) {
    let english = crate::content::config::english(language);
    tera.register_filter("date_fr", move |v: &Value, _: &HashMap<String, Value>| date(v, english));
    tera.register_filter("typo", move |v: &Value, _: &HashMap<String, Value>| typo(v, english));
    tera.register_filter("number_fr", move |v: &Value, _: &HashMap<String, Value>| number(v, english));
    tera.register_filter("urlencode", urlencode);
}

/// A text made fit for a URL's query (`Désinscription` → `D%C3%A9sinscription`), as tera's
/// own filter of that name does when its built-ins are compiled in.
fn urlencode(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(match value.as_str() {
        Some(s) => {
            Value::String(percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string())
        }
        None => value.clone(),
    })
}

/// `6000` → `6 000` (a narrow no-break space; `6,000` in English); anything but an integer is
/// left as it is.
fn number(value: &Value, english: bool) -> Result<Value> {
    Ok(match value.as_i64() {
        Some(n) if english => Value::String(english_number(n)),
        Some(n) => Value::String(french_number(n)),
        None => value.clone(),
    })
}

fn english_number(n: i64) -> String {
    french_number(n).replace('\u{202f}', ",")
}

/// `2020-04-12` → `12 avril 2020` (`12 April 2020`); anything else is left as it is.
fn date(value: &Value, english: bool) -> Result<Value> {
    Ok(match value.as_str().and_then(|s| Date::parse(s).ok()) {
        Some(d) if english => Value::String(d.english()),
        Some(d) => Value::String(d.french()),
        None => value.clone(),
    })
}

/// French typography on a text (titles, summaries); an English text is left as it is.
fn typo(value: &Value, english: bool) -> Result<Value> {
    Ok(match value.as_str() {
        Some(s) if !english => Value::String(french(s).into_owned()),
        _ => value.clone(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_theme_filters_write_french_dates_and_numbers() {
        let mut tera = tera::Tera::default();
        super::register(&mut tera, "fr");
        tera.add_raw_template(
            "t",
            "{{ 6000 | number_fr }} {{ 999 | number_fr }} {{ \"x\" | number_fr }} {{ \"2020-04-12\" | date_fr }}",
        )
        .unwrap();
        let out = tera.render("t", &tera::Context::new()).unwrap();
        assert_eq!(out, "6\u{202f}000 999 x 12 avril 2020");
    }

    #[test]
    fn an_english_site_gets_english_dates_and_numbers() {
        let mut tera = tera::Tera::default();
        super::register(&mut tera, "en");
        let template =
            "{{ 6000 | number_fr }} {{ \"2020-04-01\" | date_fr }} {{ \"Note : oui\" | typo }} {{ \"Désinscription\" | urlencode }}";
        tera.add_raw_template("t", template).unwrap();
        let out = tera.render("t", &tera::Context::new()).unwrap();
        assert_eq!(out, "6,000 1 April 2020 Note : oui D%C3%A9sinscription");
    }
}
