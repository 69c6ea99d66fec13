//! The rules, one module per level, and the catalogue that names them.

pub mod catalogue;
pub mod fields;
pub mod file;
pub mod unit;

use crate::finding::Text;
use catalogue::Rule;

/// A rule's verdict on one value, before it is given a position.
#[derive(Debug, Clone)]
pub struct Issue {
    pub rule: &'static Rule,
    /// The offending value; `None` to use the field's value as found.
    pub found: Option<String>,
    pub expected: Option<Text>,
    pub detail: Option<Text>,
}

impl Issue {
    pub fn new(rule: &'static Rule) -> Self {
        Issue {
            rule,
            found: None,
            expected: None,
            detail: None,
        }
    }
    pub fn found(mut self, v: impl Into<String>) -> Self {
        self.found = Some(v.into());
        self
    }
    pub fn expected(mut self, t: Text) -> Self {
        self.expected = Some(t);
        self
    }
    pub fn detail(mut self, t: Text) -> Self {
        self.detail = Some(t);
        self
    }
}
