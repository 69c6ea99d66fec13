//! `migrate`: a 3.2 set rewritten into 4.1 form where that is mechanical,
//! with a list of what needs a human.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::finding::Lang;
use careplan_conformance::migrate;

use super::{out, outputs_clear_of_inputs, revision_or_error, SpecDirs};

#[derive(clap::Args)]
pub struct Args {
    /// The revision to migrate to: an id or a revision folder.
    #[arg(long, value_name = "REVISION|DIR")]
    to: String,
    /// Service kind codes for office numbers the files do not tell:
    /// OFFICE=KIND, e.g. 1371000025=11 (repeatable).
    #[arg(long = "kind", value_name = "OFFICE=KIND")]
    kinds: Vec<String>,
    /// The folder of 3.2 files.
    input: PathBuf,
    /// The folder to write the migrated files into.
    output: PathBuf,
    #[command(flatten)]
    spec_dirs: SpecDirs,
}

pub fn run(a: Args, lang: Lang) -> ExitCode {
    if !a.spec_dirs.load() {
        return ExitCode::from(2);
    }
    let Some(target) = revision_or_error(&a.to) else {
        return ExitCode::from(2);
    };
    let mut map = std::collections::BTreeMap::new();
    for k in &a.kinds {
        match k.split_once('=') {
            Some((o, kd)) if !o.is_empty() && kd.len() == 2 => {
                map.insert(o.to_string(), kd.to_string());
            }
            _ => {
                eprintln!("error: --kind takes OFFICE=KIND (e.g. 1371000025=11), not '{k}'");
                return ExitCode::from(2);
            }
        }
    }
    if !outputs_clear_of_inputs(&[&a.input], &[("OUTPUT", &a.output)]) {
        return ExitCode::from(2);
    }
    match migrate::migrate(&a.input, &a.output, target, &map, lang) {
        Ok(report) => {
            out!("{}", migrate::human(&report, lang));
            if report.needs_human.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
