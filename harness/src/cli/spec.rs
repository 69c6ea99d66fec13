//! `spec diff` and `spec show`: the standard's revisions as data.

use std::process::ExitCode;

use clap::Subcommand;

use careplan_conformance::finding::Lang;
use careplan_conformance::spec;

use super::{out, outln, revision_or_error, Format};

#[derive(Subcommand)]
pub enum Action {
    /// List, per file kind, what changes from one revision to another.
    Diff {
        from: String,
        to: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Print a file kind's layout.
    Show {
        /// A file kind, e.g. UPPLAN.
        kind: String,
        /// The revision.
        #[arg(long, default_value = spec::DEFAULT_REVISION)]
        spec: String,
    },
}

pub fn run(action: Action, lang: Lang) -> ExitCode {
    match action {
        Action::Diff { from, to, format } => {
            let (Some(a), Some(b)) = (revision_or_error(&from), revision_or_error(&to)) else {
                return ExitCode::from(2);
            };
            let d = spec::diff::localized(spec::diff::diff(a, b), lang);
            match format {
                Format::Human => out!("{}", spec::diff::human(&d, lang)),
                Format::Json => {
                    outln!("{}", serde_json::to_string_pretty(&d).unwrap_or_default())
                }
            }
            ExitCode::SUCCESS
        }
        Action::Show { kind, spec: rev_id } => {
            let Some(rev) = revision_or_error(&rev_id) else {
                return ExitCode::from(2);
            };
            match rev.layout(&kind.to_ascii_uppercase()) {
                Some(k) => {
                    out!("{}", spec::diff::show(rev, k, lang));
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!(
                        "error: revision {} has no file kind '{kind}' (it has {})",
                        rev.revision,
                        rev.kinds.join(", ")
                    );
                    ExitCode::from(2)
                }
            }
        }
    }
}
