//! careplan-conformance: a conformance test harness for the CSV files of the
//! ケアプランデータ連携標準仕様 (MHLW care plan data exchange standard).
//!
//! Data flows one way: [`input`] discovers files, reads their names, decodes
//! and splits them and tells their revision; [`check`] runs the [`rules`]
//! level by level against the revision data in [`spec`]; [`report`] renders
//! the findings, worded by [`messages`], and [`verdict`] what the
//! central system's client would likely say of them. What the levels share is in the
//! leaf modules [`finding`], [`fact`] and [`result`]. `tests/layering.rs`
//! holds the order and fails on an import against it.

pub mod anonymize;
pub mod cases;
pub mod certify;
pub mod check;
pub mod config;
pub mod fact;
pub mod finding;
pub mod input;
pub mod messages;
pub mod migrate;
pub mod model;
pub mod regress;
pub mod report;
pub mod result;
pub mod rules;
pub mod spec;
pub mod trace;
pub mod values;
pub mod verdict;

pub use check::{
    check_paths, check_sources, check_with, check_with_progress, CheckOptions, SourceFile,
    DEFAULT_MAX_FILE_SIZE,
};
