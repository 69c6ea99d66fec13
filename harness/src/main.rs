use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use careplan_conformance::finding::Lang;
use careplan_conformance::{check_paths, report, rules::catalogue, spec};

/// Conformance test harness for the ケアプランデータ連携標準仕様 CSV files.
#[derive(Parser)]
#[command(name = "careplan-conformance", version, about)]
struct Cli {
    /// Language of messages.
    #[arg(long, global = true, value_enum, default_value = "ja")]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Ja,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and directories (walked recursively) against the standard.
    Check {
        /// Files or directories to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Show 氏名, 住所, 電話番号, 生年月日 and 被保険者番号 in findings instead of masking them.
        #[arg(long)]
        show_personal_data: bool,
        /// Revision of the standard to check against.
        #[arg(long, default_value = spec::DEFAULT_REVISION)]
        spec: String,
    },
    /// List every rule: ID, severity, level, spec reference, title.
    Rules,
    /// Explain one rule, with a failing and a passing example.
    Explain {
        /// A rule ID, e.g. FLD-DATE.
        rule: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::Ja => Lang::Ja,
        LangArg::En => Lang::En,
    };
    match cli.command {
        Command::Check {
            paths,
            format,
            show_personal_data,
            spec: rev_id,
        } => {
            let Some(rev) = spec::revision(&rev_id) else {
                let known: Vec<&str> = spec::revisions()
                    .iter()
                    .map(|r| r.revision.as_str())
                    .collect();
                eprintln!(
                    "error: unknown revision '{rev_id}' (known: {})",
                    known.join(", ")
                );
                return ExitCode::from(2);
            };
            let run = check_paths(&paths, rev);
            let opts = report::Options {
                lang,
                show_personal: show_personal_data,
            };
            match format {
                Format::Human => print!("{}", report::human(&run, &opts)),
                Format::Json => print!("{}", report::json(&run, &opts)),
            }
            for e in &run.io_errors {
                eprintln!("error: {e}");
            }
            ExitCode::from(run.exit_code() as u8)
        }
        Command::Rules => {
            print!("{}", catalogue::list(lang));
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match catalogue::by_id(&rule.to_ascii_uppercase()) {
            Some(r) => {
                print!("{}", catalogue::explain(r, lang));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: no rule '{rule}'; `careplan-conformance rules` lists them");
                ExitCode::from(2)
            }
        },
    }
}
