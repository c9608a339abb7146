//! The one slug function: file names, heading ids, tags and profession URLs all go through it.

/// Lowercase ASCII words joined by hyphens: `Masques FFP2 : l'essentiel` →
/// `masques-ffp2-l-essentiel`; accents and ligatures are folded (`œdème` → `oedeme`),
/// `&` reads `et` and `°` is dropped (`n°3` → `n3`).
pub(crate) fn slugify(text: &str) -> String {
    let mut prepared = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => prepared.push_str(" et "),
            '°' | 'º' => {}
            c => prepared.push(c),
        }
    }
    let ascii = deunicode::deunicode(&prepared);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn a_title_becomes_a_slug() {
        assert_eq!(slugify("Tests & dépistage : l'été"), "tests-et-depistage-l-ete");
    }

    #[test]
    fn folds_french_text() {
        assert_eq!(slugify("Masques FFP2 : l'essentiel"), "masques-ffp2-l-essentiel");
        assert_eq!(slugify("Œdème & oxygénothérapie"), "oedeme-et-oxygenotherapie");
        assert_eq!(slugify("Covid'actu n°3"), "covid-actu-n3");
        assert_eq!(slugify("  Suivi   post-hospitalisation  "), "suivi-post-hospitalisation");
        assert_eq!(slugify("Rappel infirmier (J+7)"), "rappel-infirmier-j-7");
        assert_eq!(slugify("« À retenir »"), "a-retenir");
        assert_eq!(slugify("…"), "");
    }
}
