//! `golden`: golden models of the conforming cases, comparison of a vendor's
//! export with an expected set, and reference files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use careplan_conformance::cases::tree::Folder;
use careplan_conformance::finding::Lang;
use careplan_conformance::model::golden;
use careplan_conformance::{cases, report, spec};

use super::{out, outln, Format};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
    /// The folder holding the cases. Default: `cases` when there is such a
    /// folder here (a checkout of the harness), else the cases built into
    /// the binary.
    #[arg(long, global = true, value_name = "DIR")]
    cases: Option<PathBuf>,
    /// The folder holding the golden models. Default: `golden` when there
    /// is such a folder here, else the golden models built into the binary.
    #[arg(long, global = true, value_name = "DIR")]
    golden: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Action {
    /// Compare what the harness reads from each conforming case with its golden model.
    Check,
    /// Rewrite the golden models after a deliberate change, printing what changed.
    Bless,
    /// Write the canonical CSVs of a case, for a vendor's import test.
    Emit {
        /// The case id (`careplan-conformance run --filter TEXT` lists ids).
        #[arg(long, value_name = "ID")]
        case: String,
        /// The folder to write into (created when missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Compare a vendor's export with an expected set, field by field.
    Compare {
        /// The expected set: a case id, or a folder of files.
        #[arg(long, value_name = "ID|DIR")]
        expected: String,
        /// The vendor's export folder.
        export: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Show personal data in the values instead of masking it.
        #[arg(long)]
        show_personal_data: bool,
    },
}

/// `: did you mean …?` with the case ids nearest to `id`, or nothing.
pub fn did_you_mean(cases: &[cases::Case], id: &str) -> String {
    let near = cases::nearest_ids(cases, id, 3);
    if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(", "))
    }
}

pub fn run(a: Args, lang: Lang) -> ExitCode {
    let ja = lang == Lang::Ja;
    let cases_dir = &super::run::cases_folder(a.cases.as_deref());
    let golden_dir = &match &a.golden {
        Some(p) => Folder::on_disk(p),
        None => Folder::disk_or_builtin("golden"),
    };
    if matches!(a.action, Action::Bless) {
        for f in [cases_dir, golden_dir] {
            if f.is_builtin() {
                eprintln!(
                    "error: {f}: the built-in cases and golden models cannot be rewritten; run golden bless in a checkout, or give --cases DIR and --golden DIR"
                );
                return ExitCode::from(2);
            }
        }
    }
    if !cases_dir.tree.is_dir(&cases_dir.path) {
        eprintln!("error: {}: no such cases folder", cases_dir.path.display());
        return ExitCode::from(2);
    }
    let (found, errors) = cases::discover(cases_dir);
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("error: {e}");
        }
        return ExitCode::from(2);
    }
    let find_case = |id: &str| found.iter().find(|c| c.manifest.id == id);
    match a.action {
        Action::Check | Action::Bless => {
            let bless = matches!(a.action, Action::Bless);
            let result = if bless {
                // The cases' findings files are blessed with the golden models.
                if let Err(e) = cases::bless(&cases::run_all(cases_dir, None).results) {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
                golden::bless(&found, &golden_dir.path, lang)
            } else {
                golden::check(&found, golden_dir, lang)
            };
            let diffs = match result {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            for d in &diffs {
                out!("{}", d.diff);
            }
            let n = golden::golden_cases(&found).len();
            let d = diffs.len();
            match (bless, diffs.is_empty(), ja) {
                (true, _, true) => {
                    outln!("golden: 適合ケース {n}件のうち {d}件を書き直しました（{golden_dir}）")
                }
                (true, _, false) => {
                    outln!("golden: {d} rewritten of {n} conforming cases under {golden_dir}")
                }
                (false, true, true) => {
                    outln!("golden: 適合ケース {n}件は {golden_dir} に保存されたとおりに読めます")
                }
                (false, true, false) => {
                    outln!("golden: {n} conforming cases read as stored in {golden_dir}")
                }
                (false, false, true) => outln!(
                    "golden: {n}件のうち {d}件が {golden_dir} と異なります（意図した変更なら careplan-conformance golden bless）"
                ),
                (false, false, false) => outln!(
                    "golden: {d} of {n} differ from {golden_dir} (after a deliberate change: careplan-conformance golden bless)"
                ),
            }
            if bless || diffs.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Action::Emit { case, out } => {
            // Built-in cases are no files: only a cases folder on disk is
            // an input the output must stay clear of.
            if !cases_dir.is_builtin()
                && !super::outputs_clear_of_inputs(&[&cases_dir.path], &[("--out", &out)])
            {
                return ExitCode::from(2);
            }
            let Some(c) = find_case(&case) else {
                eprintln!(
                    "error: no case '{case}' under {cases_dir}{}",
                    did_you_mean(&found, &case)
                );
                return ExitCode::from(2);
            };
            match golden::emit(c, &out) {
                Ok(names) => {
                    for n in &names {
                        outln!("{}", out.join(n).display());
                    }
                    if ja {
                        outln!("{}ファイルを書きました（正規形）", names.len());
                    } else {
                        outln!(
                            "{} written (canonical form)",
                            report::count(names.len(), "file")
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Action::Compare {
            expected,
            export,
            format,
            show_personal_data,
        } => {
            let rev = spec::default_revision();
            let read = |d: &Path| {
                golden::read_dir(d, rev).map_err(|e| eprintln!("error: {}: {e}", d.display()))
            };
            let expected_files = match find_case(&expected) {
                Some(c) => golden::read_case(c, rev).map_err(|e| eprintln!("error: {e}")),
                None if Path::new(&expected).is_dir() => read(Path::new(&expected)),
                None => {
                    eprintln!(
                        "error: --expected '{expected}' is neither a case id under {cases_dir} nor a folder{}",
                        did_you_mean(&found, &expected)
                    );
                    Err(())
                }
            };
            let (Ok(e), Ok(f)) = (expected_files, read(&export)) else {
                return ExitCode::from(2);
            };
            let c = golden::compare(&e, &f, show_personal_data);
            match format {
                Format::Human => out!("{}", golden::comparison_human(&c, lang)),
                Format::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "files": c }))
                        .unwrap_or_default()
                ),
            }
            if c.iter().all(|x| x.differences.is_empty()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}
