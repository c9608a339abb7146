//! How a message lets its recipient leave the list: the `List-Unsubscribe` header (RFC 2369)
//! with the `mailto:` of the unsubscribe address, and one-click unsubscription (RFC 8058) only
//! when `unsubscribe_url` is per recipient — a `{token}` in it, filled with the address and an
//! HMAC of it under a secret from the environment, which the endpoint verifies. A static
//! address shared by every recipient is never advertised as one-click: a mail client's POST
//! there would unsubscribe nobody while the person believed they had left.

use crate::content::config::Config;
use crate::error::Diagnostic;
use crate::i18n::msg;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::hmac;

/// The placeholder of `unsubscribe_url` that makes it per recipient.
pub const TOKEN: &str = "{token}";

/// The list headers of every message of a site.
#[derive(Debug, Clone)]
pub struct Unsubscribe {
    mailto: Option<String>,
    one_click: Option<(String, hmac::Key)>,
}

impl Unsubscribe {
    /// The headers `config` asks for; the secret of a per-recipient URL is read from the
    /// environment variable `mailing.unsubscribe_secret_env`.
    pub fn new(config: &Config) -> Result<Self, Diagnostic> {
        let m = &config.mailing;
        let secret = match &m.unsubscribe_url {
            Some(url) if url.contains(TOKEN) => Some(std::env::var(&m.unsubscribe_secret_env).map_err(|_| {
                Diagnostic::error(msg::unsubscribe_secret_missing(&m.unsubscribe_secret_env))
                    .in_file("site.yaml")
                    .with_help(msg::unsubscribe_secret_help(&m.unsubscribe_secret_env))
            })?),
            _ => None,
        };
        Self::with_secret(config, secret.as_deref())
    }

    /// The headers `config` asks for, a per-recipient URL signed with `secret`.
    pub fn with_secret(config: &Config, secret: Option<&str>) -> Result<Self, Diagnostic> {
        let m = &config.mailing;
        let mailto = m.unsubscribe_email.as_ref().map(|e| format!("mailto:{e}?subject=unsubscribe"));
        let one_click = match (&m.unsubscribe_url, secret) {
            (Some(url), Some(secret)) if url.contains(TOKEN) => {
                if !url.starts_with("https://") {
                    return Err(Diagnostic::error(msg::unsubscribe_url_not_https(url)).in_file("site.yaml"));
                }
                if secret.len() < 16 {
                    return Err(Diagnostic::error(msg::unsubscribe_secret_too_short()).in_file("site.yaml"));
                }
                Some((url.clone(), hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes())))
            }
            _ => None,
        };
        Ok(Unsubscribe { mailto, one_click })
    }

    /// The value of `List-Unsubscribe` for `address`, and whether the message may say
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    pub fn header(&self, address: &str) -> (Option<String>, bool) {
        let mut parts = Vec::new();
        if let Some(m) = &self.mailto {
            parts.push(format!("<{m}>"));
        }
        if let Some((url, key)) = &self.one_click {
            parts.push(format!("<{}>", url.replace(TOKEN, &token(key, address))));
        }
        ((!parts.is_empty()).then(|| parts.join(", ")), self.one_click.is_some())
    }
}

/// The token of `address`: the address (lowercased) and its HMAC, both base64url.
fn token(key: &hmac::Key, address: &str) -> String {
    let address = address.trim().to_lowercase();
    let tag = hmac::sign(key, address.as_bytes());
    format!("{}.{}", URL_SAFE_NO_PAD.encode(&address), URL_SAFE_NO_PAD.encode(tag.as_ref()))
}

/// The address a token was made for under `secret`, if it was made under it.
pub fn verify(secret: &str, token: &str) -> Option<String> {
    let (address, tag) = token.split_once('.')?;
    let address = String::from_utf8(URL_SAFE_NO_PAD.decode(address).ok()?).ok()?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    hmac::verify(&key, address.as_bytes(), &tag).ok()?;
    Some(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: Option<&str>) -> Config {
        let mut c = Config::default();
        c.mailing.unsubscribe_email = Some("desinscription@cpts.fr".into());
        c.mailing.unsubscribe_url = url.map(str::to_owned);
        c
    }

    const SECRET: &str = "un secret de la CPTS, assez long";

    #[test]
    fn a_shared_address_is_never_one_click() {
        let u = Unsubscribe::with_secret(&config(Some("https://cpts.fr/desinscription/")), Some(SECRET)).unwrap();
        assert_eq!(u.header("a@b.fr"), (Some("<mailto:desinscription@cpts.fr?subject=unsubscribe>".into()), false));
    }

    #[test]
    fn a_per_recipient_address_carries_a_token_that_verifies() {
        let url = "https://cpts.fr/desinscription?t={token}";
        let u = Unsubscribe::with_secret(&config(Some(url)), Some(SECRET)).unwrap();
        let (header, post) = u.header("Claire.Morel@Example.org");
        assert!(post);
        let header = header.unwrap();
        let token = header.split("?t=").nth(1).unwrap().trim_end_matches('>');
        assert_eq!(verify(SECRET, token).as_deref(), Some("claire.morel@example.org"));
        assert_eq!(verify("un autre secret, tout aussi long", token), None, "another secret");
        let forged = format!("{}.{}", URL_SAFE_NO_PAD.encode("autre@example.org"), token.split('.').nth(1).unwrap());
        assert_eq!(verify(SECRET, &forged), None, "another address under the same tag");
        assert_eq!(verify(SECRET, "n'importe quoi"), None);
    }

    #[test]
    fn a_per_recipient_address_needs_https_and_a_real_secret() {
        assert!(Unsubscribe::with_secret(&config(Some("http://cpts.fr/d?t={token}")), Some(SECRET)).is_err());
        assert!(Unsubscribe::with_secret(&config(Some("https://cpts.fr/d?t={token}")), Some("court")).is_err());
    }
}
