//! Search: French analysis shared with the browser, synonyms, and the sharded index built
//! during `build` (in parallel with rendering).

pub mod analysis;
mod index;
pub(crate) mod synonyms;
mod terms;

pub use index::{build_into, runtime_js};
pub use synonyms::Synonyms;
