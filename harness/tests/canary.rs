//! No personal value reaches any output unless asked. A distinct canary is
//! planted in every free-text, name, address, number and date-of-birth
//! field of every kind of every embedded revision — chosen by what the
//! field is (its type and name), not by the privacy class the data gives
//! it — in records that also break rules, so that every report shows them.
//! Then every output is searched for every canary: each `check --format`
//! and report file (iterating `report::REPORTERS`), in both languages,
//! `roundtrip`, `golden compare`, `regress` and its JUnit report, `migrate`,
//! `check` with waivers from `careplan-conformance.toml` (waived findings,
//! expired and unused waivers, the report files the configuration names),
//! every file `certify` writes (certificate, JUnit report, summary and
//! signature), `verify` and the register `registry` builds from the signed
//! certificates, and everything written on standard error. A new kind,
//! field or format is covered by construction.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use careplan_conformance::report::REPORTERS;
use careplan_conformance::spec::{self, FieldSpec, FieldType, KindSpec, Revision};

/// Whether a field holds something about a person, read from its type and
/// its name alone: free text, the types the standard leaves open, the
/// 被保険者番号, every postal code, and names, addresses, telephone numbers,
/// dates of birth, the office's number for the person, staff codes and the
/// medical history.
fn holds_a_person(f: &FieldSpec) -> bool {
    matches!(
        f.ty,
        FieldType::FreeText | FieldType::Unspecified | FieldType::InsuredNumber | FieldType::Postal
    ) || [
        "氏名",
        "利用者名",
        "住所",
        "電話",
        "Fax",
        "生年月日",
        "整理番号",
        "入力者コード",
        "病名",
        "医師",
        "担当者",
    ]
    .iter()
    .any(|w| f.name.contains(w))
}

/// The canary of field `no` of the `index`th kind: distinct, of a shape the
/// field could hold, and never written by the harness itself.
fn canary(f: &FieldSpec, index: usize, set: u32) -> String {
    let n = index * 100 + usize::from(f.no);
    let tag = set * 7;
    match f.ty {
        // The same in every set, so that `golden compare` pairs the records
        // of two sets by their user and shows every other field differing.
        FieldType::InsuredNumber => format!("58{n:08}"),
        FieldType::Postal => format!("58{tag}-{:04}", n % 10000),
        FieldType::Yyyymmdd => format!("193{}{:02}{:02}", tag % 10, 1 + n % 12, 1 + n % 28),
        FieldType::Digits | FieldType::Integer => format!("58{tag}{n:05}"),
        FieldType::Unspecified if f.name.contains("電話") || f.name.contains("Fax") => {
            format!("058-{tag}{:02}-{n:04}", n % 100)
        }
        _ => format!("鵺{tag}ぬえ{n}ヌエ鶫"),
    }
}

/// A value of the field's type where no canary goes: empty, or for the
/// CSVバージョン the revision's (so that the file is read as that revision).
fn filler(f: &FieldSpec, rev: &Revision) -> String {
    if f.no == 1 {
        rev.csv_version.clone()
    } else {
        String::new()
    }
}

/// One record as written: free text quoted with inner quotes doubled, the
/// rest as it is.
fn write_record(layout: &KindSpec, values: &[String]) -> String {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| match layout.fields.get(i).map(|f| f.ty) {
            Some(FieldType::FreeText) => format!("\"{}\"", v.replace('"', "\"\"")),
            _ => v.clone(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn ms932(text: &str) -> Vec<u8> {
    let (b, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!bad, "not MS932: {text}");
    b.into_owned()
}

/// A file name of `layout`'s kind in `rev`'s grammar.
fn file_name(rev: &Revision, layout: &KindSpec, kind: &str, serial: &str) -> String {
    let kinds = rev.file_name.service_kind_segments;
    let (from, to) = if kind.contains("KIHON") || kind.contains("YOBO") {
        (("1371000090", "46"), ("1371000082", "63"))
    } else {
        (("1371000017", "43"), ("1371000025", "11"))
    };
    let party = |(o, k): (&str, &str)| {
        if kinds {
            format!("{o}_{k}")
        } else {
            o.to_string()
        }
    };
    let month = if layout.month_segment { "_202504" } else { "" };
    format!("{kind}{month}_{}_{}_{serial}.CSV", party(from), party(to))
}

struct Planted {
    /// Every canary planted, with where.
    canaries: BTreeMap<String, String>,
}

/// Writes, under `dir/<revision>/`, one file per CSV kind of every embedded
/// revision holding two records with a canary in every field that holds a
/// person, and the record of each kind again under the name of every other
/// kind with as many fields (a file whose name claims another kind).
fn plant(dir: &Path, set: u32) -> Planted {
    let mut canaries = BTreeMap::new();
    for rev in spec::revisions() {
        let out = dir.join(&rev.revision);
        std::fs::create_dir_all(&out).unwrap();
        let layouts: Vec<&KindSpec> = rev
            .layouts
            .iter()
            .filter(|l| !l.fields.is_empty())
            .collect();
        for (index, layout) in layouts.iter().enumerate() {
            let values: Vec<String> = layout
                .fields
                .iter()
                .map(|f| {
                    if holds_a_person(f) {
                        let c = canary(f, index, set);
                        canaries.insert(
                            c.clone(),
                            format!("{} {} No.{} {}", rev.revision, layout.kind, f.no, f.name),
                        );
                        c
                    } else {
                        filler(f, rev)
                    }
                })
                .collect();
            let record = write_record(layout, &values);
            let text = format!("{record}\r\n{record}\r\n");
            let serial = format!("2025032509{:02}00", index % 60);
            std::fs::write(
                out.join(file_name(rev, layout, &layout.kind, &serial)),
                ms932(&text),
            )
            .unwrap();
            for other in &layouts {
                if other.kind != layout.kind && other.fields.len() == layout.fields.len() {
                    let sub = out.join(format!("as-{}", other.kind));
                    std::fs::create_dir_all(&sub).unwrap();
                    std::fs::write(
                        sub.join(file_name(rev, other, &other.kind, &serial)),
                        ms932(&text),
                    )
                    .unwrap();
                }
            }
        }
    }
    assert!(canaries.len() > 100, "{}", canaries.len());
    Planted { canaries }
}

fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Fails with every canary found in `out`, named by the output it was found
/// in and the field it was planted in.
fn assert_clean(what: &str, out: &str, planted: &[&Planted]) {
    let leaks: Vec<String> = planted
        .iter()
        .flat_map(|p| p.canaries.iter())
        .filter(|(c, _)| out.contains(c.as_str()))
        .map(|(c, at)| format!("{c} ({at})"))
        .collect();
    assert!(
        leaks.is_empty(),
        "{what}: {} canaries leaked:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

#[test]
fn no_output_of_check_roundtrip_compare_or_regress_holds_a_planted_value() {
    let work = common::scratch("canary");
    let a = plant(&work.join("a"), 1);
    let b = plant(&work.join("b"), 2);
    let both = [&a, &b];
    let reports = work.join("reports");
    std::fs::create_dir_all(&reports).unwrap();

    for lang in ["ja", "en"] {
        for r in REPORTERS {
            let o = run_in(&work, &["--lang", lang, "check", "--format", r.name(), "a"]);
            assert!(!o.stdout.is_empty(), "{}", r.name());
            assert_clean(
                &format!("check --lang {lang} --format {}", r.name()),
                &text(&o),
                &both,
            );
        }
        // Every report file at once.
        let mut args = vec![
            "--lang".to_string(),
            lang.into(),
            "check".into(),
            "--quiet".into(),
        ];
        let mut files = Vec::new();
        for r in REPORTERS.iter().filter(|r| r.file_help().is_some()) {
            let f = reports.join(format!("{lang}.{}", r.name()));
            let _ = std::fs::remove_file(&f);
            args.push(format!("--{}", r.name()));
            args.push(f.to_str().unwrap().to_string());
            files.push(f);
        }
        args.push("a".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run_in(&work, &args);
        assert_clean("check --quiet (stderr)", &text(&o), &both);
        for f in &files {
            let t = std::fs::read_to_string(f).unwrap();
            assert!(!t.is_empty());
            assert_clean(&f.display().to_string(), &t, &both);
        }
        // Forced to each revision: records that do not fit its layouts.
        for rev in spec::revisions() {
            let o = run_in(
                &work,
                &[
                    "--lang",
                    lang,
                    "check",
                    "--format",
                    "json",
                    "--spec",
                    &rev.revision,
                    "a",
                ],
            );
            assert_clean(&format!("check --spec {}", rev.revision), &text(&o), &both);
        }
    }
    // The records are shown: the HTML report has a table for every file.
    let o = run_in(&work, &["check", "--format", "html", "a"]);
    let html = String::from_utf8_lossy(&o.stdout);
    let files = walkdir::WalkDir::new(work.join("a"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert!(
        html.matches("<table class=\"record\">").count() >= files,
        "{} tables for {files} files",
        html.matches("<table class=\"record\">").count()
    );

    for format in ["human", "json"] {
        let o = run_in(&work, &["roundtrip", "--format", format, "a"]);
        assert_clean(&format!("roundtrip --format {format}"), &text(&o), &both);
        for rev in spec::revisions() {
            let dir = format!("b/{}", rev.revision);
            let o = run_in(
                &work,
                &[
                    "golden",
                    "compare",
                    "--format",
                    format,
                    "--expected",
                    &format!("a/{}", rev.revision),
                    &dir,
                ],
            );
            assert_clean(
                &format!("golden compare --format {format} ({dir})"),
                &text(&o),
                &both,
            );
        }
        let junit = reports.join(format!("regress-{format}.xml"));
        let o = run_in(
            &work,
            &[
                "regress",
                "--from",
                "3.2",
                "--to",
                "4.1",
                "--format",
                format,
                "--junit",
                junit.to_str().unwrap(),
                "a",
            ],
        );
        assert_clean(&format!("regress --format {format}"), &text(&o), &both);
        assert_clean(
            "regress --junit",
            &std::fs::read_to_string(&junit).unwrap(),
            &both,
        );
    }

    // What `migrate` says of the 3.2 files (the files it writes are the
    // export itself, rewritten: they hold what it held).
    let o = run_in(&work, &["migrate", "--to", "4.1", "a/3.2", "migrated"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", text(&o));
    assert_clean("migrate", &text(&o), &both);

    // The canaries are there to be found: asked for, they are shown.
    let o = run_in(
        &work,
        &["check", "--format", "json", "--show-personal-data", "a"],
    );
    let shown = text(&o);
    assert!(
        a.canaries.keys().any(|c| shown.contains(c.as_str())),
        "no found value shown when asked"
    );
    let o = run_in(
        &work,
        &["check", "--format", "html", "--show-personal-data", "a"],
    );
    let shown = String::from_utf8_lossy(&o.stdout);
    let missing: Vec<&String> = a
        .canaries
        .keys()
        .filter(|c| !shown.contains(c.as_str()))
        .collect();
    assert!(missing.is_empty(), "record tables do not show: {missing:?}");
    let o = run_in(
        &work,
        &[
            "golden",
            "compare",
            "--show-personal-data",
            "--expected",
            "a/4.1",
            "b/4.1",
        ],
    );
    let shown = text(&o);
    let differing = b
        .canaries
        .keys()
        .filter(|c| c.starts_with('鵺') && shown.contains(c.as_str()))
        .count();
    assert!(differing > 50, "{differing}: {shown}");
}

/// The rules that fire on the files under `dir` of `work`.
fn rules_found(work: &Path, dir: &str) -> Vec<String> {
    let o = run_in(work, &["check", "--format", "json", dir]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let mut rules: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn waived_findings_waivers_and_configured_reports_show_no_planted_value() {
    let work = common::scratch("canary-waivers");
    let a = plant(&work.join("a"), 1);
    let rules = rules_found(&work, "a");
    assert!(rules.len() > 4, "{rules:?}");
    // Every other rule found waived, one waiver past its date, one that
    // matches nothing; every report file named by the configuration.
    let unused = careplan_conformance::rules::catalogue::ALL
        .iter()
        .map(|r| r.id)
        .find(|id| !rules.iter().any(|r| r == id))
        .expect("a rule that does not fire");
    let mut toml = String::from("[check]\nformat = \"human\"\nreports = { ");
    let files: Vec<(String, PathBuf)> = REPORTERS
        .iter()
        .filter(|r| r.file_help().is_some())
        .map(|r| {
            (
                r.name().to_string(),
                work.join(format!("configured/report.{}", r.name())),
            )
        })
        .collect();
    toml.push_str(
        &files
            .iter()
            .map(|(n, _)| format!("{n} = \"configured/report.{n}\""))
            .collect::<Vec<_>>()
            .join(", "),
    );
    toml.push_str(" }\n");
    let waiver = |rule: &str, expires: &str| {
        format!(
            "\n[[waiver]]\nrule = \"{rule}\"\npath = \"a/**\"\nreason = \"旧システムの出力\"\nexpires = {expires}\n"
        )
    };
    for r in rules.iter().step_by(2) {
        toml.push_str(&waiver(r, "2099-12-31"));
    }
    toml.push_str(&waiver(&rules[1], "2025-12-31"));
    toml.push_str(&waiver(unused, "2099-12-31"));
    std::fs::write(work.join("careplan-conformance.toml"), toml).unwrap();

    for lang in ["ja", "en"] {
        for r in REPORTERS {
            let _ = std::fs::remove_dir_all(work.join("configured"));
            let o = run_in(
                &work,
                &[
                    "--lang",
                    lang,
                    "check",
                    "--today",
                    "2026-01-01",
                    "--format",
                    r.name(),
                    "a",
                ],
            );
            assert_eq!(o.status.code(), Some(1), "{}", text(&o));
            let what = format!("check with waivers --lang {lang} --format {}", r.name());
            assert_clean(&what, &text(&o), &[&a]);
            for (name, f) in &files {
                let t =
                    std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
                assert_clean(&format!("{what}: configured {name} report"), &t, &[&a]);
            }
        }
    }
    // The waivers were applied, the expired and the unused one reported.
    let o = run_in(
        &work,
        &["check", "--today", "2026-01-01", "--format", "json", "a"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let waived = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["waived"].is_null())
        .count();
    assert!(waived > 0, "no finding waived");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(unused) && err.contains(&rules[1]), "{err}");
}

/// Copies a reference submission with a canary in every field of every
/// record that holds a person.
fn plant_submission(from: &Path, to: &Path, canaries: &mut BTreeMap<String, String>) {
    let rev = spec::default_revision();
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            continue;
        }
        let name = e.file_name().to_str().unwrap().to_string();
        let layout = careplan_conformance::input::filename::parse(&name, rev)
            .0
            .kind
            .and_then(|k| rev.layout(&k))
            .filter(|l| !l.fields.is_empty());
        let Some(layout) = layout else {
            std::fs::copy(e.path(), &dest).unwrap();
            continue;
        };
        let bytes = std::fs::read(e.path()).unwrap();
        let text = encoding_rs::SHIFT_JIS.decode(&bytes).0.into_owned();
        let index = rev
            .layouts
            .iter()
            .position(|l| l.kind == layout.kind)
            .unwrap();
        let mut out = String::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for rec in reader.records() {
            let rec = rec.unwrap();
            let values: Vec<String> = rec
                .iter()
                .enumerate()
                .map(|(i, v)| match layout.fields.get(i) {
                    // The 被保険者番号 is kept, so that the records pair with
                    // the expected ones and every other field shows as a
                    // difference.
                    Some(f)
                        if holds_a_person(f)
                            && !v.is_empty()
                            && f.ty != FieldType::InsuredNumber =>
                    {
                        let c = canary(f, index, 3);
                        canaries.insert(c.clone(), format!("{name} No.{}", f.no));
                        c
                    }
                    _ => v.to_string(),
                })
                .collect();
            out.push_str(&write_record(layout, &values));
            out.push_str("\r\n");
        }
        std::fs::write(&dest, ms932(&out)).unwrap();
    }
}

#[test]
fn certify_masks_its_certificate_junit_and_summary() {
    let work = common::scratch("canary-certify");
    let mut canaries = BTreeMap::new();
    let reference = common::root().join("cases/certification/reference");
    let mut profiles: Vec<PathBuf> = std::fs::read_dir(&reference)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    profiles.sort();
    for p in &profiles {
        plant_submission(
            p,
            &work.join("sub").join(p.file_name().unwrap()),
            &mut canaries,
        );
    }
    assert!(canaries.len() > 50, "{}", canaries.len());
    let planted = Planted { canaries };
    let signing = careplan_conformance_test_key(&work);
    let mut shown = 0;
    for p in &profiles {
        let profile = p.file_name().unwrap().to_str().unwrap();
        let out = work.join("out").join(profile);
        for show in [false, true] {
            let sub = work.join("sub").join(profile);
            let mut args = vec![
                "certify",
                "--profile",
                profile,
                "--submission",
                sub.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--generated-at",
                "2026-01-01T00:00:00Z",
            ];
            if show {
                args.push("--show-personal-data");
            } else {
                args.extend(["--sign-key", signing.0.to_str().unwrap()]);
            }
            let _ = std::fs::remove_dir_all(&out);
            let o = common::run(&args);
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "{profile}: {}",
                text(&o)
            );
            // Every file certify wrote, whatever they are.
            let mut written: Vec<PathBuf> = std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            written.sort();
            for f in ["certificate.json", "junit.xml", "summary.md"] {
                assert!(written.contains(&out.join(f)), "{profile}: no {f}");
            }
            let all: String = written
                .iter()
                .map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned())
                .collect::<Vec<_>>()
                .join("\n")
                + &text(&o);
            if show {
                // Asked for, the values differing from the expected ones are shown.
                shown += planted
                    .canaries
                    .keys()
                    .filter(|c| all.contains(c.as_str()))
                    .count();
            } else {
                assert_clean(&format!("certify {profile}"), &all, &[&planted]);
                assert!(out.join("certificate.json.sig").is_file(), "{profile}");
                // What `verify` says of the masked certificate and the
                // submission with the planted values.
                let o = common::run(&[
                    "verify",
                    "--key",
                    signing.1.to_str().unwrap(),
                    out.join("certificate.json").to_str().unwrap(),
                    "--submission",
                    sub.to_str().unwrap(),
                ]);
                assert_clean(&format!("verify {profile}"), &text(&o), &[&planted]);
                // Kept for the register.
                let kept = work.join("signed").join(profile);
                std::fs::create_dir_all(&kept).unwrap();
                for f in ["certificate.json", "certificate.json.sig"] {
                    std::fs::copy(out.join(f), kept.join(f)).unwrap();
                }
            }
        }
    }
    assert!(shown > 20, "--show-personal-data shows {shown} values");
    // The register of the signed, masked certificates: its page, its JSON
    // and what it says of the certificates it leaves out.
    let site = work.join("site");
    let o = common::run(&[
        "registry",
        work.join("signed").to_str().unwrap(),
        "--key",
        signing.1.to_str().unwrap(),
        "--out",
        site.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for f in ["index.html", "registry.json"] {
        let t = std::fs::read_to_string(site.join(f)).unwrap();
        assert_clean(&format!("registry {f}"), &t, &[&planted]);
    }
    assert_clean("registry", &text(&o), &[&planted]);
}

/// An ed25519 signing key in OpenSSH form, and its public half.
fn careplan_conformance_test_key(dir: &Path) -> (PathBuf, PathBuf) {
    use ssh_key::{private::Ed25519Keypair, LineEnding, PrivateKey};
    let k = PrivateKey::from(Ed25519Keypair::from_seed(&[58; 32]));
    let private = dir.join("association");
    let public = dir.join("association.pub");
    std::fs::write(&private, k.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::write(&public, k.public_key().to_openssh().unwrap() + "\n").unwrap();
    (private, public)
}

/// Copies the files of the cases under `groups` (as `run --emit` writes
/// them) into `to`, with a canary in place of every non-empty value that
/// the layout puts on a field that holds a person, byte for byte elsewhere:
/// quoting, line ends, field counts (records of another field count
/// included, whose values the alignment places) and encodings stay as the
/// case has them. A file whose name gives no kind is read as the kind its
/// content resembles. A date written otherwise than YYYYMMDD gets a canary
/// written with slashes, which the date rule reads back as the canary.
fn plant_cases(groups: &[&str], to: &Path, canaries: &mut BTreeMap<String, String>) {
    use careplan_conformance::input::{decode, detect, filename, records::Records};
    let tree = common::cases_tree().join("cases");
    for group in groups {
        for e in walkdir::WalkDir::new(tree.join(group)).sort_by_file_name() {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(&tree).unwrap();
            let dest = to.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
                continue;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            let data = std::fs::read(e.path()).unwrap();
            let rev = detect::detect(&name, &data).revision;
            let layout = filename::parse(&name, rev)
                .0
                .kind
                .and_then(|k| rev.layout(&k))
                .or_else(|| detect::guess_kind(&data, rev, None))
                .filter(|l| !l.fields.is_empty());
            let sniffed = decode::sniff(&data);
            let (Some(layout), false) = (layout, sniffed.bom == Some(decode::Bom::Utf16)) else {
                std::fs::write(&dest, &data).unwrap();
                continue;
            };
            let index = rev
                .layouts
                .iter()
                .position(|l| l.kind == layout.kind)
                .unwrap()
                + 40;
            let encode = |t: &str| match sniffed.encoding {
                decode::Encoding::Utf8 => t.as_bytes().to_vec(),
                decode::Encoding::Ms932 => ms932(t),
            };
            let mut out = Vec::with_capacity(data.len());
            let mut at = 0;
            for (r, rec) in Records::new(&data, sniffed.start).enumerate() {
                for (i, f) in rec.fields.iter().enumerate() {
                    let Some(spec) = layout.fields.get(i) else {
                        continue;
                    };
                    let raw = &data[f.content_start..f.content_end];
                    if raw.is_empty() || !holds_a_person(spec) || f.content_start < at {
                        continue;
                    }
                    // Distinct per record too.
                    let c = canary(spec, index + r % 50, 4);
                    let written = match spec.ty {
                        FieldType::Yyyymmdd
                            if !(raw.len() == 8 && raw.iter().all(u8::is_ascii_digit)) =>
                        {
                            format!("{}/{}/{}", &c[..4], &c[4..6], &c[6..])
                        }
                        _ => c.clone(),
                    };
                    canaries.insert(c, format!("{} No.{}", rel.display(), spec.no));
                    canaries.insert(written.clone(), format!("{} No.{}", rel.display(), spec.no));
                    out.extend_from_slice(&data[at..f.content_start]);
                    out.extend_from_slice(&encode(&written));
                    at = f.content_end;
                }
            }
            out.extend_from_slice(&data[at..]);
            std::fs::write(&dest, out).unwrap();
        }
    }
}

#[test]
fn diagnosed_exports_aligned_records_verdicts_and_consistency_show_no_planted_value() {
    let work = common::scratch("canary-diagnosis");
    let mut canaries = BTreeMap::new();
    plant_cases(
        &["realworld", "consistency"],
        &work.join("x"),
        &mut canaries,
    );
    assert!(canaries.len() > 100, "{}", canaries.len());
    let planted = Planted { canaries };
    let mut rules = std::collections::BTreeSet::new();
    let mut inferred = 0;
    for group in ["realworld", "consistency"] {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(work.join("x").join(group))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        cases.sort();
        for case in &cases {
            let dir = case.to_str().unwrap();
            for lang in ["ja", "en"] {
                for r in REPORTERS {
                    let o = run_in(&work, &["--lang", lang, "check", "--format", r.name(), dir]);
                    assert_clean(
                        &format!("check --lang {lang} --format {} {dir}", r.name()),
                        &text(&o),
                        &[&planted],
                    );
                    if r.name() == "json" {
                        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
                        assert!(
                            doc["summary"].get("client_verdict").is_some(),
                            "{dir}: no client verdict"
                        );
                        for f in doc["findings"].as_array().unwrap() {
                            rules.insert(f["rule"].as_str().unwrap().to_string());
                            inferred += usize::from(f["position_inferred"] == true);
                        }
                    }
                }
            }
            let o = run_in(&work, &["roundtrip", "--format", "json", dir]);
            assert_clean(&format!("roundtrip {dir}"), &text(&o), &[&planted]);
        }
    }
    // What these outputs were made of: consistency findings, values placed
    // by an alignment, and the diagnoses of exports written otherwise.
    assert!(rules.iter().any(|r| r.starts_with("CON-")), "{rules:?}");
    assert!(inferred > 0, "no value placed by an alignment");

    // What a finding says of a value is masked as the value is: the date a
    // 和暦 生年月日 names, the code the label of a 要介護状態区分 stands for.
    let tree = common::cases_tree().join("cases/realworld");
    for (case, hidden) in [
        ("wareki-and-slash-dates", &["19400512", "S15.5.12"][..]),
        ("labels-for-codes", &["要介護２", "要介護2", "22（"][..]),
    ] {
        // The findings as human text and as JSON (the rules' own texts,
        // which SARIF and HTML carry, quote such values as examples).
        let findings = |show: bool, format: &str| {
            let mut args = vec!["check", "--format", format];
            if show {
                args.push("--show-personal-data");
            }
            let dir = tree.join(case);
            args.push(dir.to_str().unwrap());
            let o = run_in(&work, &args);
            if format == "json" {
                let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
                doc["findings"].to_string()
            } else {
                text(&o)
            }
        };
        for format in ["human", "json"] {
            let t = findings(false, format);
            for h in hidden {
                assert!(!t.contains(h), "{case} --format {format}: {h} shown\n{t}");
            }
            let t = findings(true, format);
            assert!(
                t.contains(hidden[0]),
                "{case} --format {format}: asked, not shown\n{t}"
            );
        }
    }
}
