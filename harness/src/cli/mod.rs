//! The subcommands, one module each: their arguments, what they call in the
//! library, and what they print. Only this folder and `main.rs` print; the
//! library returns values and text.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use careplan_conformance as lib;
use lib::finding::Lang;

pub mod anonymize;
pub mod certify;
pub mod check;
pub mod completions;
pub mod golden;
pub mod migrate;
pub mod registry;
pub mod regress;
pub mod roundtrip;
pub mod rules;
pub mod run;
pub mod scenarios;
pub mod spec;
pub mod verify;

/// `-V`: the harness version and the commit it was built from.
pub const SHORT_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("CAREPLAN_CONFORMANCE_COMMIT"),
    ")"
);

/// `--version`: the harness version and commit, the revisions of the
/// standard, the scenario pack and the cases built into the binary.
pub fn long_version() -> String {
    let revisions: Vec<String> = lib::spec::revisions()
        .iter()
        .map(|r| {
            let default = if r.revision == lib::spec::DEFAULT_REVISION {
                ", the default"
            } else {
                ""
            };
            format!("{} (CSVバージョン {}{default})", r.revision, r.csv_version)
        })
        .collect();
    let pack = match lib::certify::pack::embedded(lib::spec::DEFAULT_REVISION) {
        Ok(p) => format!("{} (revision {})", p.meta.version, p.meta.revision),
        Err(e) => e,
    };
    let tree = lib::cases::tree::Tree::Embedded;
    let cases = tree.find(Path::new("cases"), "case.toml").len();
    let golden = tree.entries(Path::new("golden")).map_or(0, |e| e.len());
    format!(
        "{}\ncommit: {}\nspec revisions: {}\nscenario pack: {pack}\nbuilt-in cases: {cases}, golden models: {golden}",
        env!("CARGO_PKG_VERSION"),
        env!("CAREPLAN_CONFORMANCE_COMMIT"),
        revisions.join(", "),
    )
}

/// What every subcommand is given besides its own arguments.
#[derive(Clone, Copy)]
pub struct Context {
    pub lang: Lang,
    pub color: ColorArg,
    /// The configuration file, when there is one (read once, kept for the
    /// run).
    pub config: Option<&'static lib::config::Config>,
}

impl Context {
    /// The context of a run: the configuration file given, or found from
    /// the working folder upward, is read (`None`, with the error printed,
    /// when it cannot be); its language applies unless `lang_given`.
    pub fn new(
        lang: LangArg,
        lang_given: bool,
        color: ColorArg,
        config: Option<&Path>,
    ) -> Option<Context> {
        let path = match config {
            Some(p) => Some(p.to_path_buf()),
            None => std::env::current_dir()
                .ok()
                .and_then(|cwd| lib::config::find(&cwd)),
        };
        let config = match path.as_deref().map(lib::config::load) {
            Some(Ok(c)) => Some(&*Box::leak(Box::new(c))),
            Some(Err(e)) => {
                eprintln!("error: {e}");
                return None;
            }
            None => None,
        };
        let lang = match config.and_then(|c| c.lang) {
            Some(l) if !lang_given => l,
            _ => lang.into(),
        };
        Some(Context {
            lang,
            color,
            config,
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

/// The output formats of the subcommands other than `check`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Set when standard output could not be written (a full disk, `>
/// /dev/full`): the run then exits 2, as for any I/O error.
static OUTPUT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes to standard output; a closed pipe (`| head`) ends the output
/// quietly instead of panicking. Any other failure is said once and makes
/// the exit status 2 ([`output_failed`]).
pub fn write_out(s: &str) {
    use std::io::Write;
    use std::sync::atomic::Ordering;
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_all(s.as_bytes()).and_then(|()| o.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe && !OUTPUT_FAILED.swap(true, Ordering::SeqCst)
        {
            eprintln!("error: writing the output: {e}");
        }
    }
}

/// Whether standard output could not be written.
pub fn output_failed() -> bool {
    OUTPUT_FAILED.load(std::sync::atomic::Ordering::SeqCst)
}

macro_rules! out {
    ($($t:tt)*) => { $crate::cli::write_out(&format!($($t)*)) };
}

macro_rules! outln {
    ($($t:tt)*) => {{ $crate::cli::write_out(&format!($($t)*)); $crate::cli::write_out("\n"); }};
}

pub(crate) use {out, outln};

/// Colour for the human output: asked for, or a terminal without NO_COLOR
/// (https://no-color.org: any non-empty value turns colour off).
pub fn use_color(arg: ColorArg) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// A progress bar on standard error, shown only when it is a terminal (never
/// when piped, in CI logs, or with --quiet); cleared when the run ends.
pub fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
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

/// A path as it will be opened: absolute, with every part that exists
/// resolved (links included, a dangling link to where it points), so that
/// two spellings of one file compare equal.
fn resolved(p: &Path, depth: u32) -> std::path::PathBuf {
    use std::path::{Component, PathBuf};
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    if let Ok(c) = std::fs::canonicalize(&abs) {
        return c;
    }
    // A link to something that does not exist yet: writing creates its target.
    if depth < 8 {
        if let Ok(target) = std::fs::read_link(&abs) {
            let base = abs.parent().map(Path::to_path_buf).unwrap_or_default();
            return resolved(&base.join(target), depth + 1);
        }
    }
    // The longest part that exists, resolved, and the rest taken as written.
    let mut head = PathBuf::new();
    let mut tail: Vec<std::ffi::OsString> = Vec::new();
    for c in abs.components() {
        match c {
            Component::ParentDir if !tail.is_empty() => {
                tail.pop();
            }
            Component::ParentDir => {
                head = std::fs::canonicalize(&head).unwrap_or(head);
                head.pop();
            }
            Component::CurDir => {}
            c if tail.is_empty() && std::fs::symlink_metadata(head.join(c)).is_ok() => {
                head.push(c);
            }
            c => tail.push(c.as_os_str().to_owned()),
        }
    }
    let mut out = std::fs::canonicalize(&head).unwrap_or(head);
    out.extend(tail);
    out
}

/// The same file, by device and inode (a hard link to an input).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Refuses, before anything is written, an output (`what` names its option)
/// that is one of the inputs or lies inside an input folder: the harness
/// reads what it checks and never writes over it. Prints the refusal and
/// returns false.
pub fn outputs_clear_of_inputs(inputs: &[&Path], outputs: &[(&str, &Path)]) -> bool {
    let inputs: Vec<(&Path, std::path::PathBuf, bool)> = inputs
        .iter()
        .map(|p| (*p, resolved(p, 0), p.is_dir()))
        .collect();
    let mut clear = true;
    for (what, out) in outputs {
        let o = resolved(out, 0);
        for (given, i, is_dir) in &inputs {
            let hit = if *is_dir {
                o.starts_with(i)
            } else {
                o == *i || same_file(out, given)
            };
            if hit {
                let shown = |p: &Path| lib::finding::path_text(p.as_os_str());
                eprintln!(
                    "error: {what} {}: {} {}, {} being checked; nothing is written there (choose a path outside the inputs)",
                    shown(out),
                    if *is_dir { "lies inside" } else { "is" },
                    shown(given),
                    if *is_dir { "a folder" } else { "a file" },
                );
                clear = false;
                break;
            }
        }
    }
    clear
}

/// Writes a report file, creating its folder; `append` for a file others
/// also write to (a CI job summary). The error says what could not be
/// written or created, not which report: the caller says that.
pub fn write_report(path: &Path, text: &str, append: bool) -> Result<(), String> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| e.to_string())
}

/// The message of a report that could not be written: an output problem,
/// told apart from the input's (`error: PATH: …` names a path checked).
pub fn report_not_written(what: &str, path: &Path, why: &str) -> String {
    format!(
        "error: the {what} {} cannot be written: {why}",
        path.display()
    )
}

/// Writes a file, creating its folder.
pub fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(path, text))
}

/// `YYYY-MM-DDTHH:MM:SS`, digits where digits go, and a real time.
pub fn is_local_timestamp(t: &str) -> bool {
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    t.len() == 19
        && t.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            10 => c == 'T',
            13 | 16 => c == ':',
            _ => c.is_ascii_digit(),
        })
        && lib::values::is_timestamp(&digits)
}

/// `--spec-dir DIR` (repeatable): revision folders the command knows besides
/// the embedded revisions.
#[derive(clap::Args, Default)]
pub struct SpecDirs {
    /// A revision folder (as `spec export` writes one) added to the known
    /// revisions: its id may be named where a revision is, and `check` picks
    /// it per file as it does the embedded ones (repeatable).
    #[arg(long = "spec-dir", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

impl SpecDirs {
    /// Loads every folder; false (with the problems printed) when one
    /// cannot be used.
    pub fn load(&self) -> bool {
        self.dirs.iter().all(|d| load_folder(d).is_some())
    }
}

/// Reads and validates a revision folder: its data, then that every rule
/// still finds the fields it reads (a draft that drops a field's role would
/// turn a rule off without a word).
pub fn read_folder(dir: &Path) -> Result<lib::spec::Loaded, Vec<lib::spec::Problem>> {
    let l = lib::spec::read_dir(dir)?;
    let missing = lib::rules::catalogue::missing_roles(std::slice::from_ref(&l.revision));
    if missing.is_empty() {
        return Ok(l);
    }
    Err(missing
        .into_iter()
        .map(|m| {
            let kind = l
                .revision
                .layouts
                .iter()
                .find(|k| m.contains(&format!(" applies to {} of revision ", k.kind)));
            let file = match kind {
                Some(k) => lib::spec::file_in(&l.revision.label, &format!("{}.json", k.kind)),
                None => l.revision.label.clone(),
            };
            lib::spec::Problem::new(file, "", m)
        })
        .collect())
}

/// Prints the problems of a revision folder, one per line.
pub fn print_problems(dir: &Path, problems: &[lib::spec::Problem]) {
    for p in problems {
        eprintln!("error: {p}");
    }
    eprintln!(
        "error: {}: {}; the revision folder is not used",
        dir.display(),
        lib::report::count(problems.len(), "problem")
    );
}

/// Loads a revision folder for the rest of the process, or prints why not.
pub fn load_folder(dir: &Path) -> Option<&'static lib::spec::Revision> {
    match read_folder(dir).and_then(|l| lib::spec::register(l).map_err(|p| vec![p])) {
        Ok(r) => Some(r),
        Err(problems) => {
            print_problems(dir, &problems);
            None
        }
    }
}

/// The revision `arg` names: a known revision's id (embedded, or of a
/// folder given with `--spec-dir`), else a revision folder, loaded and
/// validated; or a message listing the known ones.
pub fn revision_or_error(arg: &str) -> Option<&'static lib::spec::Revision> {
    if let Some(rev) = lib::spec::revision(arg) {
        return Some(rev);
    }
    let path = Path::new(arg);
    if path.exists() {
        return load_folder(path);
    }
    let known: Vec<String> = lib::spec::known()
        .iter()
        .map(|r| r.revision.clone())
        .collect();
    eprintln!(
        "error: unknown revision '{arg}' (known: {}; or the path of a revision folder, as `spec export` writes one)",
        known.join(", ")
    );
    None
}

/// The scenario pack in `dir`, or the embedded one.
pub fn load_pack(dir: Option<&Path>) -> Option<lib::certify::pack::Pack> {
    let pack = match dir {
        Some(d) => lib::certify::pack::from_dir(d),
        None => lib::certify::pack::embedded(lib::spec::DEFAULT_REVISION),
    };
    pack.map_err(|e| eprintln!("error: scenario pack: {e}"))
        .ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_local_timestamp_has_digits_where_digits_go() {
        assert!(super::is_local_timestamp("2026-01-01T00:00:00"));
        assert!(!super::is_local_timestamp("2026-01-01T00:00:00Z"));
        assert!(!super::is_local_timestamp("2026-01-01 00:00:00"));
        assert!(!super::is_local_timestamp("2026-0a-01T00:00:00"));
        assert!(!super::is_local_timestamp("2025-13-45T99:99:99"));
        assert!(!super::is_local_timestamp("2025-02-29T00:00:00"));
        assert!(!super::is_local_timestamp("2025-01-01T24:00:00"));
    }
}
