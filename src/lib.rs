//! covidactu: the static site and email edition of a CPTS newsletter.
//!
//! The data flows through the modules in order: [`content`] reads and checks the sources,
//! [`markdown`] renders bodies, [`site`] resolves the site graph, [`render`] applies the theme,
//! and [`build`] runs these steps and writes the output atomically.

// A `Diagnostic` carries its source line and hint by design, and is only built on the error
// path: boxing it to please this lint would buy nothing.
#![allow(clippy::result_large_err)]
// An item is `pub(crate)` unless the binary or the tests need it: a `pub` the crate's root
// does not reach is flagged.
#![warn(unreachable_pub)]

// The public API is what the binary and the tests use; the rest is the crate's own.
pub mod build;
pub mod content;
pub mod email;
pub mod error;
pub mod i18n;
pub mod mailing;
mod markdown;
pub mod output;
pub mod publish;
mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
mod site;
