//! DKIM signing of the email edition (RFC 6376), with the key named in `site.yaml`. The
//! signature covers the list headers too, so a relay cannot swap the unsubscribe link.

use crate::content::config::{DkimAlgorithm, DkimConfig};
use crate::error::Diagnostic;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig as LettreDkim, DkimSigningAlgorithm, DkimSigningKey,
};
use lettre::message::header::HeaderName;
use std::path::Path;

/// The headers signed. Not Content-Type: lettre writes a multipart's Content-Type with the
/// body, out of reach of its signer.
const SIGNED: &[&str] = &[
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Reply-To",
    "MIME-Version",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
];

/// A loaded signing key and its DNS name.
pub struct Signer {
    config: LettreDkim,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer")
    }
}

impl Signer {
    /// Reads the key of `config` (relative to `root`).
    pub fn load(config: &DkimConfig, root: &Path) -> Result<Signer, Diagnostic> {
        let path = root.join(&config.key);
        let in_config = |msg: String| Diagnostic::error(msg).in_file("site.yaml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| in_config(format!("cannot read the DKIM key {}: {e}", path.display())))?;
        let algorithm = match config.algorithm {
            DkimAlgorithm::Rsa => DkimSigningAlgorithm::Rsa,
            DkimAlgorithm::Ed25519 => DkimSigningAlgorithm::Ed25519,
        };
        let key = DkimSigningKey::new(text.trim(), algorithm).map_err(|e| {
            in_config(format!("{} is not a usable DKIM key: {e}", path.display())).with_help(match config.algorithm {
                DkimAlgorithm::Rsa => "an RSA key in PKCS#1 PEM (-----BEGIN RSA PRIVATE KEY-----)",
                DkimAlgorithm::Ed25519 => "the base64 of the 32-byte Ed25519 seed",
            })
        })?;
        let headers = SIGNED.iter().map(|h| HeaderName::new_from_ascii_str(h)).collect();
        let canonicalization =
            DkimCanonicalization { header: DkimCanonicalizationType::Relaxed, body: DkimCanonicalizationType::Relaxed };
        Ok(Signer {
            config: LettreDkim::new(config.selector.clone(), config.domain.clone(), key, headers, canonicalization),
        })
    }

    /// Adds the DKIM-Signature header to `message`.
    pub fn sign(&self, message: &mut lettre::Message) {
        message.sign(&self.config);
    }
}
