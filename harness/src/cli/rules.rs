//! `rules` and `explain`: the rule catalogue.

use std::process::ExitCode;

use careplan_conformance::finding::Lang;
use careplan_conformance::rules::catalogue;

use super::out;

pub fn list(lang: Lang) -> ExitCode {
    out!("{}", catalogue::list(lang));
    ExitCode::SUCCESS
}

pub fn explain(rule: &str, lang: Lang) -> ExitCode {
    match catalogue::by_id(&rule.to_ascii_uppercase()) {
        Some(r) => {
            out!("{}", catalogue::explain(r, lang));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: no rule '{rule}'; `careplan-conformance rules` lists them");
            ExitCode::from(2)
        }
    }
}
