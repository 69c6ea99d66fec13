//! `rules` and `explain`: the rule catalogue.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::finding::Lang;
use careplan_conformance::rules::catalogue;
use careplan_conformance::{cases, spec, trace};

use super::out;

#[derive(clap::Args)]
pub struct Args {
    /// `human` lists the rules; `json` and `markdown` give each rule and
    /// each note of the standard with the cases that fire and pass it.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// The folder holding the cases (for `json` and `markdown`). Default:
    /// `cases` when there is such a folder here (a checkout of the harness),
    /// else the cases built into the binary.
    #[arg(long, value_name = "DIR")]
    cases: Option<PathBuf>,
    /// The revision whose notes are listed.
    #[arg(long, default_value = spec::DEFAULT_REVISION)]
    spec: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Markdown,
}

pub fn list(a: Args, lang: Lang) -> ExitCode {
    if let Format::Human = a.format {
        out!("{}", catalogue::list(lang));
        return ExitCode::SUCCESS;
    }
    let Some(rev) = spec::revision(&a.spec) else {
        eprintln!("error: no revision '{}'", a.spec);
        return ExitCode::from(2);
    };
    let (found, errors) = cases::discover(&super::run::cases_folder(a.cases.as_deref()));
    if let Some(e) = errors.first() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    match a.format {
        Format::Json => out!(
            "{}\n",
            serde_json::to_string_pretty(&trace::json(rev, &found)).unwrap_or_default()
        ),
        _ => out!("{}", trace::markdown(rev, &found)),
    }
    ExitCode::SUCCESS
}

pub fn explain(rule: &str, lang: Lang) -> ExitCode {
    match catalogue::by_id(&rule.to_ascii_uppercase()) {
        Some(r) => {
            out!("{}", catalogue::explain(r, lang));
            ExitCode::SUCCESS
        }
        None => {
            let id = rule.to_ascii_uppercase();
            if let Some(why) = catalogue::retired(&id, lang) {
                eprintln!("error: the rule '{id}' is retired: {why}");
                return ExitCode::from(2);
            }
            let near = catalogue::nearest_ids(&id, 3);
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", near.join(", "))
            };
            eprintln!("error: no rule '{rule}'{hint}; `careplan-conformance rules` lists them");
            ExitCode::from(2)
        }
    }
}
