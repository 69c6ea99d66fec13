//! `spec`: the standard's revisions as data: what changes between two, a
//! layout, a revision written out as a folder, and a folder validated.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use careplan_conformance::finding::Lang;
use careplan_conformance::spec;

use super::{out, outln, print_problems, read_folder, revision_or_error, SpecDirs};

#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Subcommand)]
pub enum Action {
    /// List, per file kind, what changes from one revision to another.
    Diff {
        /// A revision id (3.2, 4.1) or a revision folder.
        from: String,
        /// A revision id or a revision folder.
        to: String,
        /// Output format; `markdown` lists the changes as the standard's
        /// 更新履歴 does (kind, No., item, before → after), in --lang.
        #[arg(long, value_enum, default_value = "human")]
        format: DiffFormat,
        #[command(flatten)]
        spec_dirs: SpecDirs,
    },
    /// Print a file kind's layout.
    Show {
        /// A file kind, e.g. UPPLAN.
        kind: String,
        /// The revision: an id or a revision folder.
        #[arg(long, default_value = spec::DEFAULT_REVISION)]
        spec: String,
        #[command(flatten)]
        spec_dirs: SpecDirs,
    },
    /// Write a revision as a folder: revision.json, one JSON per file kind
    /// and READINGS.md, the files the harness is built from. The start of a
    /// draft of the next revision.
    Export {
        /// A revision id (3.2, 4.1) or a revision folder.
        revision: String,
        /// The folder to write; it must not exist or be empty.
        dir: PathBuf,
        #[command(flatten)]
        spec_dirs: SpecDirs,
    },
    /// Validate revision folders against the published JSON Schema
    /// (harness/src/spec/schema/) and the checks every revision passes; one
    /// line per problem, naming the file and the JSON pointer. Exit 2 when
    /// one is not valid.
    Validate {
        /// Revision folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
}

pub fn run(action: Action, lang: Lang) -> ExitCode {
    match action {
        Action::Diff {
            from,
            to,
            format,
            spec_dirs,
        } => {
            if !spec_dirs.load() {
                return ExitCode::from(2);
            }
            let (Some(a), Some(b)) = (revision_or_error(&from), revision_or_error(&to)) else {
                return ExitCode::from(2);
            };
            let d = spec::diff::localized(spec::diff::diff(a, b), lang);
            match format {
                DiffFormat::Human => out!("{}", spec::diff::human(&d, lang)),
                DiffFormat::Json => {
                    outln!("{}", serde_json::to_string_pretty(&d).unwrap_or_default())
                }
                DiffFormat::Markdown => out!("{}", spec::diff::markdown(&d, lang == Lang::Ja)),
            }
            ExitCode::SUCCESS
        }
        Action::Show {
            kind,
            spec: rev_id,
            spec_dirs,
        } => {
            if !spec_dirs.load() {
                return ExitCode::from(2);
            }
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
        Action::Export {
            revision,
            dir,
            spec_dirs,
        } => {
            // The folders read (a revision given as a folder, --spec-dir)
            // are inputs: the export is written beside them, never inside.
            let mut inputs: Vec<&Path> = spec_dirs.dirs.iter().map(PathBuf::as_path).collect();
            let given = Path::new(&revision);
            if given.is_dir() {
                inputs.push(given);
            }
            if !super::outputs_clear_of_inputs(&inputs, &[("DIR", &dir)]) {
                return ExitCode::from(2);
            }
            if !spec_dirs.load() {
                return ExitCode::from(2);
            }
            let Some(rev) = revision_or_error(&revision) else {
                return ExitCode::from(2);
            };
            export(rev, &dir, lang)
        }
        Action::Validate { dirs } => {
            let mut ok = true;
            for d in &dirs {
                match read_folder(d) {
                    Ok(l) => {
                        let r = &l.revision;
                        match lang {
                            Lang::Ja => outln!(
                                "{}: 正しい版のフォルダ: {}版（版数 {}、CSVバージョン {}、{}のサービス提供月から）、ファイル種別{}、SHA-256 {}",
                                d.display(),
                                r.revision,
                                r.hansu,
                                r.csv_version,
                                r.applies_from_month,
                                r.layouts.len(),
                                l.sha256
                            ),
                            Lang::En => outln!(
                                "{}: valid: revision {} (版数 {}, CSVバージョン {}, applies from service month {}), {} file kinds, SHA-256 {}",
                                d.display(),
                                r.revision,
                                r.hansu,
                                r.csv_version,
                                r.applies_from_month,
                                r.layouts.len(),
                                l.sha256
                            ),
                        }
                    }
                    Err(problems) => {
                        print_problems(d, &problems);
                        ok = false;
                    }
                }
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
    }
}

/// Writes `rev`'s files into `dir`, a new or empty folder.
fn export(rev: &spec::Revision, dir: &Path, lang: Lang) -> ExitCode {
    let Some(files) = spec::files_of(rev) else {
        eprintln!("error: revision {} has no files to export", rev.revision);
        return ExitCode::from(2);
    };
    if std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!(
            "error: {}: not empty; spec export writes into a new or empty folder",
            dir.display()
        );
        return ExitCode::from(2);
    }
    if dir.exists() && !dir.is_dir() {
        eprintln!("error: {}: a file, not a folder", dir.display());
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    let readings = files
        .readings
        .as_ref()
        .map(|b| (spec::folder::READINGS.to_string(), b.clone()));
    let mut written = 0;
    for (name, bytes) in files.json.iter().cloned().chain(readings) {
        let path = dir.join(&name);
        if let Err(e) = std::fs::write(&path, bytes) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
        written += 1;
    }
    match lang {
        Lang::Ja => outln!(
            "{}: {}版を書き出しました（{}ファイル、SHA-256 {}）",
            dir.display(),
            rev.revision,
            written,
            files.sha256()
        ),
        Lang::En => outln!(
            "{}: revision {} written ({} files, SHA-256 {})",
            dir.display(),
            rev.revision,
            written,
            files.sha256()
        ),
    }
    ExitCode::SUCCESS
}
