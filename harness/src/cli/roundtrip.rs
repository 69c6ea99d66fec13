//! `roundtrip`: each file parsed into the typed model, written back in
//! canonical form, and where the bytes differ.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::finding::Lang;
use careplan_conformance::model;

use super::{out, revision_or_error, Format};

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (walked recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Revision of the standard whose layouts are used; by default it is
    /// picked per file.
    #[arg(long)]
    spec: Option<String>,
    /// Show personal data in the differences instead of masking it.
    #[arg(long)]
    show_personal_data: bool,
}

pub fn run(a: Args, lang: Lang) -> ExitCode {
    let rev = match &a.spec {
        Some(id) => match revision_or_error(id) {
            Some(r) => Some(r),
            None => return ExitCode::from(2),
        },
        None => None,
    };
    let (files, errors) = model::roundtrip_paths(&a.paths, rev, a.show_personal_data, lang);
    match a.format {
        Format::Human => out!("{}", model::roundtrip_human(&files, lang)),
        Format::Json => out!("{}", model::roundtrip_json(&files)),
    }
    for e in &errors {
        eprintln!("error: {e}");
    }
    if !errors.is_empty() {
        ExitCode::from(2)
    } else if files.iter().all(|f| f.equivalent) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
