use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use careplan_conformance::finding::Lang;
use std::io::IsTerminal;

use careplan_conformance::{
    cases, certify, check_with_progress, model, report, rules::catalogue, spec, CheckOptions,
};

/// Conformance test harness for the ケアプランデータ連携標準仕様 CSV files.
#[derive(Parser)]
#[command(name = "careplan-conformance", version, about)]
struct Cli {
    /// Language of messages.
    #[arg(long, global = true, value_enum, default_value = "ja")]
    lang: LangArg,
    /// Colour in the human output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// What `check` prints on standard output.
#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    /// One line per finding, then the totals.
    Human,
    /// One JSON document: findings and summary.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands: findings as annotations.
    Github,
    /// A self-contained HTML report.
    Html,
    /// JUnit XML: one test case per file.
    Junit,
    /// A Markdown summary, for a CI job summary.
    Markdown,
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
        /// What to print on standard output.
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        /// Also write the JSON report to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Also write a SARIF 2.1.0 log to this file.
        #[arg(long, value_name = "FILE")]
        sarif: Option<PathBuf>,
        /// Also write a JUnit XML report to this file.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
        /// Also write the HTML report to this file.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Also write a Markdown summary to this file (appended to, as
        /// $GITHUB_STEP_SUMMARY expects).
        #[arg(long, value_name = "FILE")]
        markdown: Option<PathBuf>,
        /// Print nothing on standard output (the exit status and the files
        /// asked for still tell).
        #[arg(long, short)]
        quiet: bool,
        /// List at most N findings in the human, GitHub and Markdown output
        /// (all are counted; the JSON, SARIF, JUnit and HTML reports hold all).
        #[arg(long, value_name = "N")]
        max_findings: Option<usize>,
        /// The timestamp written in the JUnit report (YYYY-MM-DDTHH:MM:SS).
        #[arg(long, default_value = "1970-01-01T00:00:00")]
        timestamp: String,
        /// Show 氏名, 住所, 電話番号, 生年月日 and 被保険者番号 in findings instead of masking them.
        #[arg(long)]
        show_personal_data: bool,
        /// Revision of the standard to check against (3.2, 4.1); by default
        /// it is picked per file from its name and CSVバージョン.
        #[arg(long)]
        spec: Option<String>,
        /// Files larger than this many bytes are reported, not read.
        #[arg(long, default_value_t = careplan_conformance::DEFAULT_MAX_FILE_SIZE)]
        max_file_size: u64,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Parse each file into the typed model, write it back in canonical form,
    /// and report where the bytes differ.
    Roundtrip {
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
    },
    /// Golden models of the conforming cases, scenario comparison and reference files.
    Golden {
        #[command(subcommand)]
        action: GoldenAction,
        /// The folder holding the cases.
        #[arg(long, global = true, default_value = "cases")]
        cases: PathBuf,
        /// The folder holding the golden models.
        #[arg(long, global = true, default_value = "golden")]
        golden: PathBuf,
    },
    /// Judge a vendor's submission against a certification profile.
    Certify {
        /// The profile (`careplan-conformance profiles` lists them).
        #[arg(long)]
        profile: String,
        /// The submission: one folder per scenario ID with what the product exported.
        #[arg(long)]
        submission: PathBuf,
        /// Where to write certificate.json, junit.xml and summary.md
        /// (default: reports/certify/PROFILE).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The time written in the certificate (YYYY-MM-DDTHH:MM:SSZ); the
        /// current time when absent. Fix it for a reproducible certificate.
        #[arg(long)]
        generated_at: Option<String>,
        /// A scenario pack folder instead of the embedded one.
        #[arg(long)]
        pack: Option<PathBuf>,
    },
    /// List the certification profiles.
    Profiles {
        /// A scenario pack folder instead of the embedded one.
        #[arg(long)]
        pack: Option<PathBuf>,
    },
    /// List a profile's scenarios, or write its import files and checklist.
    Scenarios {
        /// The profile.
        #[arg(long)]
        profile: String,
        /// Write the import files and checklist.md into this folder.
        #[arg(long)]
        emit: Option<PathBuf>,
        /// A scenario pack folder instead of the embedded one.
        #[arg(long)]
        pack: Option<PathBuf>,
    },
    /// Run every case under the cases folder and write a JUnit report.
    Run {
        /// The folder holding the cases (each a directory with a case.toml).
        #[arg(long, default_value = "cases")]
        cases: PathBuf,
        /// Where to write the JUnit XML report.
        #[arg(long, default_value = "reports/junit.xml")]
        junit: PathBuf,
        /// Run only the cases whose id contains this text.
        #[arg(long)]
        filter: Option<String>,
        /// The timestamp written in the report (YYYY-MM-DDTHH:MM:SS); fixed so
        /// that the same cases give a byte-identical report.
        #[arg(long, default_value = "1970-01-01T00:00:00")]
        timestamp: String,
    },
    /// The standard's revisions as data: what changes between two, and a layout.
    Spec {
        #[command(subcommand)]
        action: SpecAction,
    },
    /// Run the same corpus under two revisions and report what changes.
    Regress {
        /// The revision the corpus was written for.
        #[arg(long)]
        from: String,
        /// The revision to try it against.
        #[arg(long)]
        to: String,
        /// Files or directories (walked recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where to write the JUnit XML report.
        #[arg(long, default_value = "reports/regress.xml")]
        junit: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Rewrite a 3.2 set into 4.1 form where that is mechanical, and list what needs a human.
    Migrate {
        /// The revision to migrate to.
        #[arg(long)]
        to: String,
        /// Service kind codes for office numbers the files do not tell:
        /// OFFICE=KIND, e.g. 1371000025=11 (repeatable).
        #[arg(long = "kind", value_name = "OFFICE=KIND")]
        kinds: Vec<String>,
        /// The folder of 3.2 files.
        input: PathBuf,
        /// The folder to write the migrated files into.
        output: PathBuf,
    },
    /// List every rule: ID, severity, level, spec reference, title.
    Rules,
    /// Explain one rule, with a failing and a passing example.
    Explain {
        /// A rule ID, e.g. FLD-DATE.
        rule: String,
    },
}

#[derive(Subcommand)]
enum SpecAction {
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

#[derive(Subcommand)]
enum GoldenAction {
    /// Compare what the harness reads from each conforming case with its golden model.
    Check,
    /// Rewrite the golden models after a deliberate change, printing what changed.
    Bless,
    /// Write the canonical CSVs of a case, for a vendor's import test.
    Emit {
        /// The case id.
        #[arg(long)]
        case: String,
        /// The folder to write into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Compare a vendor's export with an expected set, field by field.
    Compare {
        /// The expected set: a case id, or a folder of files.
        #[arg(long)]
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

/// Writes to standard output; a closed pipe (`| head`) ends the output
/// quietly instead of panicking.
fn write_out(s: &str) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_all(s.as_bytes()).and_then(|()| o.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: writing the output: {e}");
        }
    }
}

/// Colour for the human output: asked for, or a terminal without NO_COLOR
/// (https://no-color.org: any non-empty value turns colour off).
fn use_color(arg: ColorArg, terminal: bool) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// A progress bar on standard error, shown only when it is a terminal (never
/// when piped, in CI logs, or with --quiet); cleared when the run ends.
fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Writes a report file, creating its folder; `append` for a file others
/// also write to (a CI job summary). False (with a message) on failure.
fn write_report(path: &Path, text: &str, append: bool) -> bool {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("error: {}: {e}", dir.display());
            return false;
        }
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(path);
    match file.and_then(|mut f| f.write_all(text.as_bytes())) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            false
        }
    }
}

macro_rules! out {
    ($($t:tt)*) => { write_out(&format!($($t)*)) };
}

macro_rules! outln {
    ($($t:tt)*) => {{ write_out(&format!($($t)*)); write_out("\n"); }};
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
            json,
            sarif,
            junit,
            html,
            markdown,
            quiet,
            max_findings,
            timestamp,
            show_personal_data,
            spec: rev_id,
            max_file_size,
        } => {
            if !is_local_timestamp(&timestamp) {
                eprintln!("error: --timestamp must be YYYY-MM-DDTHH:MM:SS, not '{timestamp}'");
                return ExitCode::from(2);
            }
            let forced = match rev_id {
                Some(id) => match revision_or_error(&id) {
                    Some(r) => Some(r),
                    None => return ExitCode::from(2),
                },
                None => None,
            };
            let progress = progress_bar(quiet);
            let run = check_with_progress(
                &paths,
                CheckOptions {
                    revision: forced,
                    follow_links: true,
                    max_file_size,
                    recursive: true,
                    // The HTML report shows the records findings point at.
                    keep_records: html.is_some() || matches!(format, CheckFormat::Html),
                },
                &|done, total| {
                    progress.set_length(total as u64);
                    progress.set_position(done as u64);
                },
            );
            progress.finish_and_clear();
            let opts = report::Options {
                lang,
                show_personal: show_personal_data,
                color: false,
                max_findings,
            };
            let markdown_max = max_findings.unwrap_or(200);
            let mut failed = false;
            for (file, text) in [
                (&json, json.as_ref().map(|_| report::json(&run, &opts))),
                (
                    &sarif,
                    sarif.as_ref().map(|_| report::sarif::sarif(&run, &opts)),
                ),
                (
                    &junit,
                    junit
                        .as_ref()
                        .map(|_| report::junit::junit(&run, &opts, &timestamp)),
                ),
                (
                    &html,
                    html.as_ref().map(|_| report::html::html(&run, &opts)),
                ),
            ] {
                if let (Some(file), Some(text)) = (file, text) {
                    failed |= !write_report(file, &text, false);
                }
            }
            if let Some(file) = &markdown {
                failed |= !write_report(
                    file,
                    &report::markdown::markdown(&run, &opts, markdown_max),
                    true,
                );
            }
            if !quiet {
                match format {
                    CheckFormat::Human => {
                        let human = report::Options {
                            color: use_color(cli.color, std::io::stdout().is_terminal()),
                            ..opts
                        };
                        out!("{}", report::human(&run, &human))
                    }
                    CheckFormat::Json => out!("{}", report::json(&run, &opts)),
                    CheckFormat::Sarif => out!("{}", report::sarif::sarif(&run, &opts)),
                    CheckFormat::Github => {
                        out!("{}", report::github::github(&run, &opts, max_findings))
                    }
                    CheckFormat::Html => out!("{}", report::html::html(&run, &opts)),
                    CheckFormat::Junit => {
                        out!("{}", report::junit::junit(&run, &opts, &timestamp))
                    }
                    CheckFormat::Markdown => {
                        out!("{}", report::markdown::markdown(&run, &opts, markdown_max))
                    }
                }
            }
            for e in &run.io_errors {
                eprintln!("error: {e}");
            }
            if failed {
                return ExitCode::from(2);
            }
            ExitCode::from(run.exit_code() as u8)
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "careplan-conformance", &mut buf);
            out!("{}", String::from_utf8_lossy(&buf));
            ExitCode::SUCCESS
        }
        Command::Roundtrip {
            paths,
            format,
            spec: rev_id,
            show_personal_data,
        } => {
            let rev = match rev_id {
                Some(id) => match revision_or_error(&id) {
                    Some(r) => Some(r),
                    None => return ExitCode::from(2),
                },
                None => None,
            };
            let (files, errors) = model::roundtrip_paths(&paths, rev, show_personal_data);
            match format {
                Format::Human => out!("{}", model::roundtrip_human(&files)),
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
        Command::Golden {
            action,
            cases,
            golden,
        } => golden_command(action, &cases, &golden),
        Command::Certify {
            profile,
            submission,
            out,
            generated_at,
            pack,
        } => certify_command(
            &profile,
            &submission,
            out,
            generated_at,
            pack.as_deref(),
            lang,
        ),
        Command::Profiles { pack } => {
            let Some(pack) = load_pack(pack.as_deref()) else {
                return ExitCode::from(2);
            };
            for p in &pack.profiles {
                outln!("{:<18} {}（{}）", p.id, p.title, p.role);
                match &p.pending {
                    Some(why) => outln!("{:<18} 認定不可: {why}", ""),
                    None => outln!(
                        "{:<18} 必須 {}、任意 {} シナリオ",
                        "",
                        p.required.len(),
                        p.optional.len()
                    ),
                }
            }
            outln!(
                "scenario pack {} (revision {})",
                pack.meta.version,
                pack.meta.revision
            );
            ExitCode::SUCCESS
        }
        Command::Scenarios {
            profile,
            emit,
            pack,
        } => {
            let Some(pack) = load_pack(pack.as_deref()) else {
                return ExitCode::from(2);
            };
            let Some(p) = pack.profile(&profile) else {
                eprintln!(
                    "error: no profile '{profile}' (`careplan-conformance profiles` lists them)"
                );
                return ExitCode::from(2);
            };
            if let Some(why) = &p.pending {
                eprintln!("error: profile {profile} cannot be certified with this pack: {why}");
                return ExitCode::from(2);
            }
            match emit {
                None => {
                    for (id, req) in p
                        .required
                        .iter()
                        .map(|x| (x, "必須"))
                        .chain(p.optional.iter().map(|x| (x, "任意")))
                    {
                        if let Some(s) = pack.scenario(id) {
                            let how = match (s.meta.direction, s.meta.reply) {
                                (certify::pack::Direction::Output, _) => "出力",
                                (_, true) => "取込＋返信",
                                _ => "取込（申告）",
                            };
                            outln!("{id:<36} {req}  {how:<10} {}", s.meta.title);
                        }
                    }
                    ExitCode::SUCCESS
                }
                Some(dir) => {
                    let rev = spec::revision(&pack.meta.revision)
                        .expect("the pack's revision is embedded");
                    match certify::emit(&pack, p, &dir, rev) {
                        Ok(files) => {
                            for f in &files {
                                outln!("{}", f.display());
                            }
                            outln!(
                                "{} written; follow {}",
                                report::count(files.len(), "file"),
                                dir.join("checklist.md").display()
                            );
                            ExitCode::SUCCESS
                        }
                        Err(e) => {
                            eprintln!("error: {}: {e}", dir.display());
                            ExitCode::from(2)
                        }
                    }
                }
            }
        }
        Command::Run {
            cases,
            junit,
            filter,
            timestamp,
        } => run_cases(&cases, &junit, filter.as_deref(), &timestamp, lang),
        Command::Spec { action } => match action {
            SpecAction::Diff { from, to, format } => {
                let (Some(a), Some(b)) = (revision_or_error(&from), revision_or_error(&to)) else {
                    return ExitCode::from(2);
                };
                let d = spec::diff::diff(a, b);
                match format {
                    Format::Human => out!("{}", spec::diff::human(&d)),
                    Format::Json => {
                        outln!("{}", serde_json::to_string_pretty(&d).unwrap_or_default())
                    }
                }
                ExitCode::SUCCESS
            }
            SpecAction::Show { kind, spec: rev_id } => {
                let Some(rev) = revision_or_error(&rev_id) else {
                    return ExitCode::from(2);
                };
                match rev.layout(&kind.to_ascii_uppercase()) {
                    Some(k) => {
                        out!("{}", spec::diff::show(rev, k));
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
        },
        Command::Regress {
            from,
            to,
            paths,
            junit,
            format,
        } => {
            let (Some(a), Some(b)) = (revision_or_error(&from), revision_or_error(&to)) else {
                return ExitCode::from(2);
            };
            let r = careplan_conformance::regress::regress(&paths, a, b);
            let xml = careplan_conformance::regress::junit(&r);
            let written = junit
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&junit, xml));
            match format {
                Format::Human => out!("{}", careplan_conformance::regress::human(&r, &junit)),
                Format::Json => outln!("{}", serde_json::to_string_pretty(&r).unwrap_or_default()),
            }
            if let Err(e) = written {
                eprintln!("error: {}: {e}", junit.display());
                return ExitCode::from(2);
            }
            for e in &r.io_errors {
                eprintln!("error: {e}");
            }
            if r.io_errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Command::Migrate {
            to,
            kinds,
            input,
            output,
        } => {
            let Some(target) = revision_or_error(&to) else {
                return ExitCode::from(2);
            };
            let mut map = std::collections::BTreeMap::new();
            for k in &kinds {
                match k.split_once('=') {
                    Some((o, kd)) if !o.is_empty() && kd.len() == 2 => {
                        map.insert(o.to_string(), kd.to_string());
                    }
                    _ => {
                        eprintln!(
                            "error: --kind takes OFFICE=KIND (e.g. 1371000025=11), not '{k}'"
                        );
                        return ExitCode::from(2);
                    }
                }
            }
            match careplan_conformance::migrate::migrate(&input, &output, target, &map) {
                Ok(report) => {
                    out!("{}", careplan_conformance::migrate::human(&report));
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
        Command::Rules => {
            out!("{}", catalogue::list(lang));
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match catalogue::by_id(&rule.to_ascii_uppercase()) {
            Some(r) => {
                out!("{}", catalogue::explain(r, lang));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: no rule '{rule}'; `careplan-conformance rules` lists them");
                ExitCode::from(2)
            }
        },
    }
}

/// `YYYY-MM-DDTHH:MM:SS`, digits where digits go.
fn is_local_timestamp(t: &str) -> bool {
    t.len() == 19
        && t.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            10 => c == 'T',
            13 | 16 => c == ':',
            _ => c.is_ascii_digit(),
        })
}

fn revision_or_error(id: &str) -> Option<&'static spec::Revision> {
    let rev = spec::revision(id);
    if rev.is_none() {
        let known: Vec<&str> = spec::revisions()
            .iter()
            .map(|r| r.revision.as_str())
            .collect();
        eprintln!(
            "error: unknown revision '{id}' (known: {})",
            known.join(", ")
        );
    }
    rev
}

fn run_cases(
    root: &Path,
    junit: &Path,
    filter: Option<&str>,
    timestamp: &str,
    lang: Lang,
) -> ExitCode {
    if !is_local_timestamp(timestamp) {
        eprintln!("error: --timestamp must be YYYY-MM-DDTHH:MM:SS, not '{timestamp}'");
        return ExitCode::from(2);
    }
    if !root.is_dir() {
        eprintln!("error: {}: no such cases folder", root.display());
        return ExitCode::from(2);
    }
    let suite = cases::run_all(root, filter);
    if suite.results.is_empty() && suite.manifest_errors.is_empty() {
        match filter {
            Some(f) => eprintln!("error: no case id contains '{f}' under {}", root.display()),
            None => eprintln!(
                "error: no case (a directory with a case.toml) under {}",
                root.display()
            ),
        }
        return ExitCode::from(2);
    }
    let xml = report::suite::junit(&suite, timestamp, lang);
    let written = junit
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| std::fs::write(junit, xml));
    let junit_shown = junit.display().to_string();
    out!(
        "{}",
        report::suite::human(
            &suite,
            written.is_ok().then_some(junit_shown.as_str()),
            lang
        )
    );
    if let Err(e) = written {
        eprintln!("error: {}: {e}", junit.display());
        return ExitCode::from(2);
    }
    if !suite.manifest_errors.is_empty() {
        for e in &suite.manifest_errors {
            eprintln!("error: {e}");
        }
        return ExitCode::from(2);
    }
    if suite.failed() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn golden_command(action: GoldenAction, cases_dir: &Path, golden_dir: &Path) -> ExitCode {
    use careplan_conformance::model::golden;
    let (found, errors) = cases::discover(cases_dir);
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("error: {e}");
        }
        return ExitCode::from(2);
    }
    let find_case = |id: &str| found.iter().find(|c| c.manifest.id == id);
    match action {
        GoldenAction::Check | GoldenAction::Bless => {
            let bless = matches!(action, GoldenAction::Bless);
            let result = if bless {
                golden::bless(&found, golden_dir)
            } else {
                golden::check(&found, golden_dir)
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
            if bless {
                outln!(
                    "golden: {} rewritten of {n} conforming cases under {}",
                    diffs.len(),
                    golden_dir.display()
                );
                ExitCode::SUCCESS
            } else if diffs.is_empty() {
                outln!(
                    "golden: {n} conforming cases read as stored in {}",
                    golden_dir.display()
                );
                ExitCode::SUCCESS
            } else {
                outln!(
                    "golden: {} of {n} differ from {} (after a deliberate change: careplan-conformance golden bless)",
                    diffs.len(),
                    golden_dir.display()
                );
                ExitCode::from(1)
            }
        }
        GoldenAction::Emit { case, out } => {
            let Some(c) = find_case(&case) else {
                eprintln!("error: no case '{case}' under {}", cases_dir.display());
                return ExitCode::from(2);
            };
            match golden::emit(c, &out) {
                Ok(names) => {
                    for n in &names {
                        outln!("{}", out.join(n).display());
                    }
                    outln!(
                        "{} written (canonical form)",
                        report::count(names.len(), "file")
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        GoldenAction::Compare {
            expected,
            export,
            format,
            show_personal_data,
        } => {
            let rev = spec::default_revision();
            let expected_dir = match find_case(&expected) {
                Some(c) => c.dir.clone(),
                None => PathBuf::from(&expected),
            };
            let read = |d: &Path| {
                golden::read_dir(d, rev).map_err(|e| eprintln!("error: {}: {e}", d.display()))
            };
            let (Ok(e), Ok(f)) = (read(&expected_dir), read(&export)) else {
                return ExitCode::from(2);
            };
            let c = golden::compare(&e, &f, show_personal_data);
            match format {
                Format::Human => out!("{}", golden::comparison_human(&c)),
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

fn load_pack(dir: Option<&Path>) -> Option<certify::pack::Pack> {
    let pack = match dir {
        Some(d) => certify::pack::from_dir(d),
        None => certify::pack::embedded(spec::DEFAULT_REVISION),
    };
    pack.map_err(|e| eprintln!("error: scenario pack: {e}"))
        .ok()
}

fn certify_command(
    profile: &str,
    submission: &Path,
    out: Option<PathBuf>,
    generated_at: Option<String>,
    pack: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let Some(pack) = load_pack(pack) else {
        return ExitCode::from(2);
    };
    let Some(p) = pack.profile(profile) else {
        eprintln!("error: no profile '{profile}' (`careplan-conformance profiles` lists them)");
        return ExitCode::from(2);
    };
    let generated_at = match generated_at {
        Some(t) => {
            let digits: String = t.chars().filter(char::is_ascii_digit).collect();
            if !(t.len() == 20
                && t.ends_with('Z')
                && is_local_timestamp(&t[..19])
                && careplan_conformance::values::is_timestamp(&digits))
            {
                eprintln!("error: --generated-at must be YYYY-MM-DDTHH:MM:SSZ, not '{t}'");
                return ExitCode::from(2);
            }
            t
        }
        None => certify::now_utc(),
    };
    let c = match certify::certify(&pack, p, submission, &generated_at) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let out = out.unwrap_or_else(|| PathBuf::from("reports/certify").join(profile));
    let written = std::fs::create_dir_all(&out)
        .and_then(|()| std::fs::write(out.join("certificate.json"), certify::certificate_json(&c)))
        .and_then(|()| std::fs::write(out.join("junit.xml"), certify::junit(&c)))
        .and_then(|()| std::fs::write(out.join("summary.md"), certify::summary_markdown(&c)));
    if let Err(e) = written {
        eprintln!("error: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    out!("{}", certify::human(&c, &out, lang));
    if c.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
