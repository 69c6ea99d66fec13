//! What the harness reads, follows and writes, end to end with the binary:
//! links that leave the folder given are never entered, outputs never land
//! on inputs, what cannot be printed or read is an I/O error, and names and
//! texts that hold control characters or bytes that are not UTF-8 stay
//! escaped and distinct.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const UPPLAN: &str = "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";
const UPSIKYU: &str = "UPSIKYU_202504_1371000017_43_1371000025_11_20250325093000.CSV";
const UPHOSOKU: &str = "UPHOSOKU_202504_1371000017_43_1371000025_11_20250325093000.CSV";

/// The conforming 第6表・第7表・利用者補足情報 unit, copied into `dir`.
fn use_set(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let src = common::root().join("cases/conformant/use-set-6-7-hosoku");
    for n in [UPPLAN, UPSIKYU, UPHOSOKU] {
        std::fs::copy(src.join(n), dir.join(n)).unwrap();
    }
}

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ------------------------------------------------------------------ links

#[cfg(unix)]
#[test]
fn a_link_that_leaves_the_folder_is_neither_read_nor_entered() {
    let d = common::scratch("leave-links");
    let export = d.join("export");
    use_set(&export);
    // Outside the folder checked: a file that would be checked, and a FIFO
    // that would block a run that opened it.
    let outside = d.join("outside");
    use_set(&outside);
    std::os::unix::fs::symlink(&outside, export.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(outside.join(UPPLAN), export.join("UPPLAN_link.CSV")).unwrap();
    // A link to the root of the file system: walking it would never end.
    std::os::unix::fs::symlink("/", export.join("root")).unwrap();
    // A walk of the whole file system would not end in time: the run is
    // stopped and the test fails.
    let mut child = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args(["check", "--format", "json", s(&export)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("check walked past a link out of the folder given");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = json["summary"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths
        .iter()
        .all(|p| !p.contains("elsewhere") && !p.contains("root/")));
    let e = err(&o);
    for link in ["elsewhere", "UPPLAN_link.CSV", "root"] {
        assert!(
            e.contains(&format!(
                "{}: a link that leaves the folder being checked; not followed",
                export.join(link).display()
            )),
            "{e}"
        );
    }
    assert!(!e.contains("outside/UP"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_folder_is_followed_once_and_a_loop_is_reported() {
    let d = common::scratch("loop-links");
    let export = d.join("export");
    use_set(&export.join("unit"));
    // A link back to the folder that holds it, and a second way to the unit.
    std::os::unix::fs::symlink(&export, export.join("unit/back")).unwrap();
    std::os::unix::fs::symlink(export.join("unit"), export.join("again")).unwrap();
    let o = common::run(&["check", "--format", "json", s(&export)]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["summary"]["files"].as_array().unwrap().len(), 3);
    assert!(
        err(&o).contains(&format!(
            "{}: a link to a folder that holds it (a loop); its files were read once",
            export.join("unit/back").display()
        )),
        "{}",
        err(&o)
    );
    assert_eq!(o.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn a_fifo_reached_through_a_link_is_reported_and_a_broken_link_of_another_name_is_not_an_error() {
    let d = common::scratch("fifo-link");
    let export = d.join("export");
    use_set(&export);
    std::os::unix::fs::symlink(d.join("nowhere"), export.join("notes.txt")).unwrap();
    let o = common::run(&["check", s(&export)]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(err(&o), "");
    // A broken link under a name of the standard's cannot be read: an error.
    let dangling = export.join("UPJSK_202504_1371000025_11_1371000017_43_20250325093000.CSV");
    std::os::unix::fs::symlink(d.join("nowhere"), &dangling).unwrap();
    let o = common::run(&["check", s(&export)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains(&format!(
            "{}: a link to something that does not exist",
            dangling.display()
        )),
        "{}",
        err(&o)
    );
    std::fs::remove_file(&dangling).unwrap();
    let fifo = export.join("pipe");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let link = export.join("UPJSK_link.CSV");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let o = common::run(&["check", s(&export)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains(&format!("{}: not a regular file", link.display())),
        "{}",
        err(&o)
    );
}

#[test]
fn a_folder_below_the_depth_limit_is_reported() {
    let d = common::scratch("deep");
    let mut deep = d.clone();
    for i in 0..33 {
        deep.push(format!("d{i}"));
    }
    use_set(&d.join("d0"));
    use_set(&deep);
    let o = common::run(&["check", s(&d)]);
    assert_eq!(o.status.code(), Some(2));
    let mut limit = d.clone();
    for i in 0..32 {
        limit.push(format!("d{i}"));
    }
    assert!(
        err(&o).contains(&format!(
            "{}: a folder deeper than 32 levels below the folder given; not walked",
            limit.display()
        )),
        "{}",
        err(&o)
    );
}

// ---------------------------------------------------------------- outputs

#[test]
fn no_report_file_lands_on_an_input() {
    let d = common::scratch("outputs");
    let export = d.join("export");
    use_set(&export);
    let input = export.join(UPPLAN);
    let before = std::fs::read(&input).unwrap();
    for opt in ["--json", "--html", "--sarif", "--junit", "--markdown"] {
        // The input file itself, named as the file or reached in the folder.
        for target in [&input, &export] {
            let o = common::run(&["check", opt, s(&input), s(target)]);
            assert_eq!(o.status.code(), Some(2), "{opt}: {}", err(&o));
            assert!(
                err(&o).contains(&format!("error: {opt} {}:", input.display())),
                "{}",
                err(&o)
            );
            assert!(out(&o).is_empty(), "nothing is checked: {}", out(&o));
        }
        // A new file inside the folder being checked.
        let inside = export.join("reports/r.txt");
        let o = common::run(&["check", opt, s(&inside), s(&export)]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            err(&o).contains(", a folder being checked; nothing is written there"),
            "{}",
            err(&o)
        );
        assert!(!export.join("reports").exists());
    }
    // Spelled another way: through `..`, and through a link to the input.
    let odd = export.join("../export/./").join(UPPLAN);
    let o = common::run(&["check", "--json", s(&odd), s(&input)]);
    assert_eq!(o.status.code(), Some(2));
    #[cfg(unix)]
    {
        let link = d.join("report.json");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        let o = common::run(&["check", "--json", s(&link), s(&input)]);
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
        std::fs::hard_link(&input, d.join("hard.json")).unwrap();
        let o = common::run(&["check", "--json", s(&d.join("hard.json")), s(&input)]);
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    }
    assert_eq!(std::fs::read(&input).unwrap(), before);

    // The other commands that write.
    let o = common::run(&[
        "regress",
        "--from",
        "4.1",
        "--to",
        "4.1",
        "--junit",
        s(&export.join("x.xml")),
        s(&export),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("error: --junit"), "{}", err(&o));
    let o = common::run(&["migrate", "--to", "4.1", s(&export), s(&export.join("m"))]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let o = common::run(&["run", "--cases", s(&export), "--emit", s(&export.join("e"))]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let sub = d.join("submission");
    let refd = common::root().join("cases/certification/reference/kyotaku-shien");
    for e in walkdir::WalkDir::new(&refd) {
        let e = e.unwrap();
        let to = sub.join(e.path().strip_prefix(&refd).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let o = common::run(&[
        "certify",
        "--profile",
        "kyotaku-shien",
        "--submission",
        s(&sub),
        "--out",
        s(&sub.join("out")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("error: --out"), "{}", err(&o));
    assert!(!sub.join("out").exists());
    let o = common::run(&[
        "golden",
        "emit",
        "--cases",
        s(&export),
        "--case",
        "x",
        "--out",
        s(&export.join("g")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("error: --out"), "{}", err(&o));
    let o = common::run(&["anonymize", s(&export), s(&export.join("anon"))]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!export.join("anon").exists());
    let o = common::run(&["anonymize", s(&export), s(&export)]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert_eq!(std::fs::read(&input).unwrap(), before);

    // The comparison of 予定 and 実績, and the revision folders read.
    let o = common::run(&["check", "--compare-plan", s(&input), s(&export)]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("error: --compare-plan"), "{}", err(&o));
    let draft = d.join("draft");
    let o = common::run(&["spec", "export", "4.1", s(&draft)]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = common::run(&["spec", "export", s(&draft), s(&draft.join("again"))]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!draft.join("again").exists());
    let o = common::run(&[
        "check",
        "--spec-dir",
        s(&draft),
        "--json",
        s(&draft.join("r.json")),
        s(&export),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!draft.join("r.json").exists());
    assert_eq!(std::fs::read(&input).unwrap(), before);

    // A report named by careplan-conformance.toml is refused as one named
    // on the command line.
    std::fs::write(
        d.join("careplan-conformance.toml"),
        format!("[check]\nreports = {{ json = \"export/{UPPLAN}\" }}\n"),
    )
    .unwrap();
    let o = run_in(&d, &["check", "export"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).contains("error: careplan-conformance.toml [check] reports.json"),
        "{}",
        err(&o)
    );
    assert!(out(&o).is_empty(), "nothing is checked: {}", out(&o));
    std::fs::remove_file(d.join("careplan-conformance.toml")).unwrap();
    assert_eq!(std::fs::read(&input).unwrap(), before);

    // The signing key of certify, and the certificates, keys and
    // revocations of registry.
    let key = d.join("association");
    let private = ssh_key::PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[5; 32]));
    let key_text = private.to_openssh(ssh_key::LineEnding::LF).unwrap();
    std::fs::write(&key, key_text.as_bytes()).unwrap();
    let o = common::run(&[
        "certify",
        "--profile",
        "kyotaku-shien",
        "--submission",
        s(&sub),
        "--sign-key",
        s(&key),
        "--out",
        s(&key),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("error: --out"), "{}", err(&o));
    assert_eq!(std::fs::read(&key).unwrap(), key_text.as_bytes());
    let certs = d.join("certs");
    std::fs::create_dir_all(&certs).unwrap();
    std::fs::write(d.join("association.pub"), "ssh-ed25519 AAAA").unwrap();
    for out_dir in [certs.join("site"), d.join("association.pub")] {
        let o = common::run(&[
            "registry",
            s(&certs),
            "--key",
            s(&d.join("association.pub")),
            "--out",
            s(&out_dir),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
        assert!(err(&o).contains("error: --out"), "{}", err(&o));
    }
    assert!(!certs.join("site").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_failure_on_standard_output_is_an_io_error() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    let d = common::scratch("dev-full");
    use_set(&d);
    for format in ["human", "json", "html"] {
        let o = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
            .args(["check", "--format", format, s(&d)])
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(err(&o).contains("error: writing the output"), "{}", err(&o));
    }
    let o = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args(["rules"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

// ------------------------------------------------------------ escaping

#[cfg(unix)]
#[test]
fn control_characters_of_names_and_titles_never_reach_the_output() {
    use std::os::unix::ffi::OsStrExt;
    let d = common::scratch("control-names");
    let name = std::ffi::OsStr::from_bytes(
        b"UPPLAN_202504_1371000017_43_1371000025_11_2025032509\x1b]0;x\x07.CSV",
    );
    std::fs::write(
        d.join(name),
        std::fs::read(
            common::root()
                .join("cases/conformant/use-set-6-7-hosoku")
                .join(UPPLAN),
        )
        .unwrap(),
    )
    .unwrap();
    for format in [
        "github", "human", "markdown", "sarif", "json", "junit", "html",
    ] {
        let o = common::run(&["check", "--format", format, s(&d)]);
        let text = out(&o);
        assert!(!text.is_empty());
        assert!(
            !text.contains('\x1b') && !text.contains('\x07'),
            "{format}: {text}"
        );
        assert!(!err(&o).contains('\x1b'));
    }
    // A case title: `run` prints it escaped.
    let cases = d.join("cases");
    let case = cases.join("c");
    use_set(&case);
    std::fs::write(
        case.join("case.toml"),
        "id = \"t.c\"\ntitle = \"\\u001b]0;owned\\u0007 title\"\nrevision = \"4.1\"\nrole = \"居宅介護支援\"\nconformant = true\n",
    )
    .unwrap();
    let o = run_in(
        &d,
        &[
            "run",
            "--cases",
            "cases",
            "--junit",
            "junit.xml",
            "--pending",
            "pending",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(!out(&o).contains('\x1b') && !out(&o).contains('\x07'));
    assert!(
        out(&o).contains("\\u{001B}]0;owned\\u{0007} title"),
        "{}",
        out(&o)
    );
}

#[test]
fn a_timestamp_that_is_no_time_is_refused() {
    let d = common::scratch("timestamp");
    use_set(&d);
    let o = common::run(&[
        "check",
        "--format",
        "junit",
        "--timestamp",
        "2025-13-45T99:99:99",
        s(&d),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--timestamp must be YYYY-MM-DDTHH:MM:SS"));
    assert!(out(&o).is_empty());
    let o = common::run(&[
        "run",
        "--filter",
        "conformant.delete-plan",
        "--timestamp",
        "2025-02-29T00:00:00",
        "--junit",
        s(&d.join("j.xml")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!d.join("j.xml").exists());
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stay_distinct_in_every_output() {
    use std::os::unix::ffi::OsStrExt;
    let d = common::scratch("non-utf8");
    let data = std::fs::read(
        common::root()
            .join("cases/conformant/use-set-6-7-hosoku")
            .join(UPPLAN),
    )
    .unwrap();
    for b in [b'\xfe', b'\xff'] {
        let mut n = b"UPPLAN_202504_1371000017_43_1371000025_11_2025032509300".to_vec();
        n.push(b);
        n.extend_from_slice(b".CSV");
        std::fs::write(d.join(std::ffi::OsStr::from_bytes(&n)), &data).unwrap();
    }
    let o = common::run(&["check", "--format", "json", s(&d)]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<String> = json["summary"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "UPPLAN_202504_1371000017_43_1371000025_11_2025032509300\\xFE.CSV",
            "UPPLAN_202504_1371000017_43_1371000025_11_2025032509300\\xFF.CSV"
        ]
    );
    let o = common::run(&["check", "--format", "sarif", s(&d)]);
    let sarif = out(&o);
    for b in ["FE", "FF"] {
        assert!(
            sarif.contains(&format!("2025032509300%{b}.CSV\"")),
            "{b}: {sarif}"
        );
    }
    for format in ["human", "github", "markdown", "html", "junit"] {
        let text = out(&common::run(&["check", "--format", format, s(&d)]));
        assert!(text.contains("\\xFE") && text.contains("\\xFF"), "{format}");
        assert!(!text.contains('\u{FFFD}'), "{format}");
    }
}

// ----------------------------------------------------------- send units

/// A folder whose absolute path is so long that the longest name of a send
/// unit (UPHOSOKU's, 62 bytes) passes the system's path limit (4096 with
/// its final NUL) while the others (60 and 61 bytes) stay within it: that
/// one member is found in the folder but cannot be read, even by root.
#[cfg(target_os = "linux")]
fn folder_with_an_unreadable_member() -> Option<PathBuf> {
    let base = common::scratch("unreadable");
    let want = 4095 - 1 - 61;
    let mut dir = base.clone();
    while dir.as_os_str().len() < want {
        let room = want - dir.as_os_str().len() - 1;
        if room == 0 {
            return None;
        }
        dir.push("d".repeat(room.min(200)));
    }
    if dir.as_os_str().len() != want {
        return None;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let src = common::root().join("cases/conformant/use-set-6-7-hosoku");
    for n in [UPPLAN, UPSIKYU] {
        std::fs::write(dir.join(n), std::fs::read(src.join(n)).unwrap()).unwrap();
    }
    // Written by a path relative to its folder, which the limit does not
    // reach.
    let data = std::fs::read(src.join(UPHOSOKU)).unwrap();
    let made = Command::new("sh")
        .arg("-c")
        .arg(format!("cat > {UPHOSOKU}"))
        .current_dir(&dir)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(&data)?;
            c.wait()
        })
        .is_ok_and(|s| s.success());
    (made && std::fs::read(dir.join(UPHOSOKU)).is_err()).then_some(dir)
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_member_is_said_to_be_unreadable_not_missing() {
    let Some(dir) = folder_with_an_unreadable_member() else {
        eprintln!("skipped: the path limit does not make a member unreadable here");
        return;
    };
    let o = common::run(&["check", "--format", "json", s(&dir)]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.is_empty(), "{rules:?}");
    let e = err(&o);
    assert!(
        e.contains(UPHOSOKU) && e.contains("(the send unit it belongs to was checked without it)"),
        "{e}"
    );
}

/// Thousands of send units in one folder, each plan set lacking the
/// UPHOSOKU that a neighbour carries under the next ファイル連番: every one
/// is matched to a plan set (UNIT-SERIAL-MISMATCH, no member missing),
/// which the indexed matching does in linear time.
#[test]
fn many_units_in_one_folder_are_matched_pair_by_pair() {
    let d = common::scratch("many-units");
    let src = common::root().join("cases/conformant/plan-set-1-2-3-hosoku");
    let n = 1500;
    let serial = |k: usize| format!("20250325{:02}{:02}{:02}", 9 + k / 3600, k / 60 % 60, k % 60);
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        let Some(stem) = name.strip_suffix("20250325093000.CSV") else {
            continue;
        };
        let data = std::fs::read(&p).unwrap();
        let hosoku = name.starts_with("UPHOSOKU");
        for i in 0..n {
            let k = 2 * i + usize::from(hosoku);
            std::fs::write(d.join(format!("{stem}{}.CSV", serial(k))), &data).unwrap();
        }
    }
    let o = common::run(&["check", "--format", "json", s(&d)]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["summary"]["files"].as_array().unwrap().len(), 4 * n);
    let rules: std::collections::BTreeMap<&str, usize> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .fold(Default::default(), |mut m, f| {
            *m.entry(f["rule"].as_str().unwrap()).or_default() += 1;
            m
        });
    assert_eq!(
        rules,
        [("UNIT-SERIAL-MISMATCH", n)].into_iter().collect(),
        "{}",
        err(&o)
    );
    // Each UPHOSOKU is told the 連番 of the plan set just before it.
    let first = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["file"]
                .as_str()
                .unwrap()
                .ends_with(&format!("{}.CSV", serial(1)))
        })
        .unwrap();
    assert!(
        first["message"].as_str().unwrap().contains(&serial(0)),
        "{first}"
    );
}

/// A pack for a revision this build does not carry is an error, not a panic.
#[test]
fn a_pack_for_an_unknown_revision_is_refused() {
    let d = common::scratch("pack-revision");
    let src = common::root().join("scenarios/4.1");
    let pack = d.join("pack");
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let to = pack.join(e.path().strip_prefix(&src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let toml = std::fs::read_to_string(pack.join("pack.toml")).unwrap();
    std::fs::write(
        pack.join("pack.toml"),
        toml.replacen("revision = \"4.1\"", "revision = \"9.9\"", 1),
    )
    .unwrap();
    for args in [
        vec![
            "scenarios",
            "--profile",
            "kyotaku-shien",
            "--pack",
            s(&pack),
            "--emit",
            s(&d.join("out")),
        ],
        vec![
            "scenarios",
            "--profile",
            "kyotaku-shien",
            "--pack",
            s(&pack),
        ],
        vec!["profiles", "--format", "json", "--pack", s(&pack)],
    ] {
        let o = common::run(&args);
        assert_ne!(o.status.code(), Some(101), "{args:?}: {}", err(&o));
        assert!(!err(&o).contains("panicked"), "{}", err(&o));
    }
    let o = common::run(&[
        "scenarios",
        "--profile",
        "kyotaku-shien",
        "--pack",
        s(&pack),
        "--emit",
        s(&d.join("out")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("9.9"), "{}", err(&o));
}

/// What is kept of a file once checked: its result, without the keys of
/// its records (held only while its send unit's relations are checked).
#[test]
fn no_record_keys_are_kept_after_the_check() {
    let d = common::scratch("no-keys");
    use_set(&d.join("unit"));
    let alone = d.join("alone");
    use_set(&alone);
    let run = careplan_conformance::check_paths(
        &[d.join("unit"), alone.join(UPPLAN)],
        careplan_conformance::spec::default_revision(),
    );
    assert_eq!(run.files.len(), 4);
    assert_eq!(run.files_checked_alone, 1);
    assert!(run.files.iter().all(|f| f.keys.is_empty() && f.records > 0));
    // The relations were still checked: a user of the 第6表 without a 第7表.
    let sikyu = std::fs::read(d.join("unit").join(UPSIKYU)).unwrap();
    let text = encoding_rs::SHIFT_JIS.decode(&sikyu).0.into_owned();
    let first_user = text
        .lines()
        .next()
        .unwrap()
        .split(',')
        .nth(2)
        .unwrap()
        .to_string();
    let kept: String = text
        .split_inclusive("\r\n")
        .filter(|l| l.split(',').nth(2) != Some(first_user.as_str()))
        .collect();
    std::fs::write(
        d.join("unit").join(UPSIKYU),
        encoding_rs::SHIFT_JIS.encode(&kept).0,
    )
    .unwrap();
    let run = careplan_conformance::check_paths(
        &[d.join("unit")],
        careplan_conformance::spec::default_revision(),
    );
    assert!(
        run.findings().any(|f| f.rule.id == "REL-NO-SIKYU"),
        "{:?}",
        run.findings().map(|f| f.rule.id).collect::<Vec<_>>()
    );
}
