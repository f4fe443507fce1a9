//! Text handling shared by every part of concord: language tags, scripts and match keys.

pub(crate) mod fold;
pub mod key;
pub mod lang;
pub mod script;
pub mod token;

pub use key::{Keys, MatchKind};
pub use lang::LangTag;
