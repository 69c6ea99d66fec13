//! The command line: its arguments and the dispatch to each subcommand's
//! module under `cli/`.

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use cli::{ColorArg, Context, LangArg};

/// Conformance test harness for the ケアプランデータ連携標準仕様 CSV files.
#[derive(Parser)]
#[command(name = "careplan-conformance", version = cli::SHORT_VERSION, about)]
struct Cli {
    /// Language of everything printed and written (help texts are in
    /// English). Default: CAREPLAN_LANG, else the configuration file's
    /// `lang`, else ja.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "ja",
        env = "CAREPLAN_LANG",
        hide_env_values = true
    )]
    lang: LangArg,
    /// Colour in the human output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorArg,
    /// The configuration file (default language, check's format and
    /// reports, waivers). Default: careplan-conformance.toml in the working
    /// folder or the nearest folder above it.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and directories (walked recursively) against the standard.
    Check(cli::check::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Parse each file into the typed model, write it back in canonical form,
    /// and report where the bytes differ.
    Roundtrip(cli::roundtrip::Args),
    /// Golden models of the conforming cases, scenario comparison and reference files.
    Golden(cli::golden::Args),
    /// Judge a vendor's submission against a certification profile.
    Certify(cli::certify::Args),
    /// List the certification profiles.
    Profiles(cli::scenarios::ProfilesArgs),
    /// List a profile's scenarios, or write its import files and checklist.
    Scenarios(cli::scenarios::Args),
    /// Check a signed certificate (and, given the submission, its files).
    Verify(cli::verify::Args),
    /// Write the register of certified products from signed certificates.
    Registry(cli::registry::Args),
    /// Run every case under the cases folder and write a JUnit report.
    Run(cli::run::Args),
    /// The standard's revisions as data: what changes between two, and a layout.
    Spec {
        #[command(subcommand)]
        action: cli::spec::Action,
    },
    /// Run the same corpus under two revisions and report what changes.
    Regress(cli::regress::Args),
    /// Rewrite a 3.2 set into 4.1 form where that is mechanical, and list what needs a human.
    Migrate(cli::migrate::Args),
    /// Copy an export with every personal value replaced by a fake of the same shape.
    Anonymize(cli::anonymize::Args),
    /// List every rule: ID, severity, level, spec reference, title; or, as
    /// JSON or Markdown, each rule and each note of the standard with the
    /// cases that fire and pass it.
    Rules(cli::rules::Args),
    /// Explain one rule, with a failing and a passing example.
    Explain {
        /// A rule ID, e.g. FLD-DATE.
        rule: String,
    },
}

/// The command line; `--version`'s long text (which reads the scenario pack)
/// is put together only when it is asked for.
fn command() -> clap::Command {
    let cmd = Cli::command();
    if std::env::args_os().skip(1).any(|a| a == "--version") {
        cmd.long_version(&*String::leak(cli::long_version()))
    } else {
        cmd
    }
}

fn main() -> ExitCode {
    let matches = command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // The configuration's language applies when neither --lang nor
    // CAREPLAN_LANG gives one.
    let lang_given = matches.value_source("lang") != Some(clap::parser::ValueSource::DefaultValue);
    let Some(cx) = Context::new(cli.lang, lang_given, cli.color, cli.config.as_deref()) else {
        return ExitCode::from(2);
    };
    let code = match cli.command {
        Command::Check(a) => cli::check::run(a, cx),
        Command::Completions { shell } => cli::completions::run(shell, Cli::command()),
        Command::Roundtrip(a) => cli::roundtrip::run(a, cx.lang),
        Command::Golden(a) => cli::golden::run(a, cx.lang),
        Command::Certify(a) => cli::certify::run(a, cx.lang),
        Command::Profiles(a) => cli::scenarios::profiles(a, cx.lang),
        Command::Scenarios(a) => cli::scenarios::scenarios(a, cx.lang),
        Command::Verify(a) => cli::verify::run(a, cx.lang),
        Command::Registry(a) => cli::registry::run(a, cx.lang),
        Command::Run(a) => cli::run::run(a, cx.lang),
        Command::Spec { action } => cli::spec::run(action, cx.lang),
        Command::Regress(a) => cli::regress::run(a, cx.lang),
        Command::Migrate(a) => cli::migrate::run(a, cx.lang),
        Command::Anonymize(a) => cli::anonymize::run(a, cx.lang),
        Command::Rules(a) => cli::rules::list(a, cx.lang),
        Command::Explain { rule } => cli::rules::explain(&rule, cx.lang),
    };
    // What could not be printed is an I/O error, whatever the result was.
    if cli::output_failed() {
        return ExitCode::from(2);
    }
    code
}
