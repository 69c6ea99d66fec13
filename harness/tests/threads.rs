//! The output of `check` does not depend on the number of threads or on how
//! a file is cut into chunks: every bundled case in every registered format,
//! and a large defective file whose findings pass the limit per rule, give
//! byte-identical output and the same exit code with one thread, with two,
//! and with chunks so small (CAREPLAN_CONFORMANCE_CHUNK_BYTES) that every
//! record boundary of the cases is a chunk boundary.

mod common;

use std::path::Path;
use std::process::Command;

use careplan_conformance::report::REPORTERS;

/// The ways of running `check` compared: threads and chunk size.
const SETTINGS: &[(&str, Option<&str>)] = &[
    ("1", None),
    ("2", Some("1")),
    ("1", Some("97")),
    ("2", Some("50000")),
];

fn check(cwd: &Path, threads: &str, chunk: Option<&str>, args: &[&str]) -> (Option<i32>, Vec<u8>) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"));
    // A fixed timestamp: JUnit's otherwise says when each run began.
    c.args([
        "check",
        "--threads",
        threads,
        "--timestamp",
        "2026-01-01T00:00:00",
    ])
    .args(args)
    .current_dir(cwd)
    .env_remove("CAREPLAN_CONFORMANCE_CHUNK_BYTES");
    if let Some(n) = chunk {
        c.env("CAREPLAN_CONFORMANCE_CHUNK_BYTES", n);
    }
    let o = c.output().expect("the binary runs");
    (o.status.code(), o.stdout)
}

/// Runs `args` in every setting; returns a description of each difference
/// from the first.
fn differences(cwd: &Path, args: &[&str]) -> Vec<String> {
    let (t0, c0) = SETTINGS[0];
    let first = check(cwd, t0, c0, args);
    SETTINGS[1..]
        .iter()
        .filter_map(|(t, c)| {
            let other = check(cwd, t, *c, args);
            (other != first).then(|| {
                format!(
                    "check {} differs with --threads {t} and chunks of {} bytes",
                    args.join(" "),
                    c.unwrap_or("default")
                )
            })
        })
        .collect()
}

/// The bundled cases, as folders of the tree they are written out in.
fn case_dirs() -> Vec<String> {
    let root = common::root();
    let mut dirs: Vec<String> = walkdir::WalkDir::new(root.join("cases"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "case.toml")
        .filter_map(|e| {
            let rel = e.path().parent()?.strip_prefix(&root).ok()?.to_path_buf();
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_case_in_every_format_is_the_same_with_any_threads_and_chunks() {
    let tree = common::cases_tree();
    let dirs = case_dirs();
    assert!(dirs.len() > 50, "{} cases", dirs.len());
    let formats: Vec<&str> = REPORTERS.iter().map(|r| r.name()).collect();
    let diffs: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = formats
            .iter()
            .map(|f| {
                let dirs = &dirs;
                s.spawn(move || {
                    dirs.iter()
                        .flat_map(|d| differences(tree, &["--format", f, d]))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a format's comparison ran"))
            .collect()
    });
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// A 第6表 of 3,000 records, every other one blank, with stray quotes, wrong field
/// counts, undecodable bytes, another month and LF line ends, ending in an
/// unterminated quote: more than 1000 findings of several rules, so that
/// which ones are kept and where the first one left out is depends on the
/// order the chunks are merged in.
#[test]
fn a_large_defective_file_is_the_same_with_any_threads_and_chunks() {
    let src = common::root()
        .join("cases/conformant/jisseki")
        .read_dir()
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("UPPLAN_"))
        });
    let (name, good) = match src {
        Some(p) => (
            p.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read(&p).unwrap(),
        ),
        None => {
            // Any bundled 第6表 will do.
            let p = walkdir::WalkDir::new(common::root().join("cases"))
                .into_iter()
                .filter_map(Result::ok)
                .find(|e| e.file_name().to_string_lossy().starts_with("UPPLAN_2"))
                .expect("a bundled 第6表")
                .into_path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        }
    };
    let records: Vec<&[u8]> = good
        .split(|b| *b == b'\n')
        .map(|r| r.strip_suffix(b"\r").unwrap_or(r))
        .filter(|r| !r.is_empty())
        .collect();
    let mut out = Vec::new();
    for i in 0..3000usize {
        let r = records[i % records.len()];
        // Every other record blank: 1500 CSV-BLANK-LINE findings, more than
        // the limit both within one chunk of the default size and summed
        // over smaller chunks.
        match if i % 2 == 0 { 0 } else { i / 2 % 10 } {
            0 => out.extend_from_slice(b"\r\n"),
            1 => {
                let comma = r.iter().position(|b| *b == b',').unwrap_or(0);
                out.extend_from_slice(&r[..comma + 1]);
                out.push(b'"');
                out.extend_from_slice(&r[comma + 1..]);
            }
            2 => {
                out.extend_from_slice(r);
                out.extend_from_slice(b",x");
            }
            3 => {
                let mut v = r.to_vec();
                if let Some(p) = v.iter().position(|b| *b == b'0') {
                    v.splice(p..p + 1, [0x85, 0x40]);
                }
                out.extend_from_slice(&v);
            }
            4 => {
                out.extend_from_slice(r);
                out.push(b'\n');
                continue;
            }
            _ => out.extend_from_slice(r),
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\"an unterminated quote,\r\nto the end\r\n");
    let dir = common::scratch("threads-large");
    std::fs::write(dir.join(&name), &out).unwrap();
    let d = dir.display().to_string();
    let mut diffs = Vec::new();
    for f in ["json", "human", "sarif"] {
        diffs.extend(differences(&dir, &["--format", f, &d]));
    }
    let json = check(&dir, "2", Some("1"), &["--format", "json", &d]).1;
    assert!(
        String::from_utf8_lossy(&json).contains("FILE-FINDINGS-LIMIT"),
        "the limit per rule is reached"
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    let _ = std::fs::remove_dir_all(&dir);
}
