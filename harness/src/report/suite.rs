//! Reports of a case-suite run (`careplan-conformance run`): a summary for
//! people and JUnit XML for CI systems.
//!
//! The JUnit XML has one test suite per case group (the case's folder under
//! the cases root) and one test case per case; it is byte-identical for the
//! same input, with the timestamp given (a fixed clock), never the wall clock.

use std::collections::BTreeMap;

use crate::cases::{CaseResult, Suite};
use crate::finding::Lang;
use crate::report::junit_xml::{Case, Outcome, Report, Suite as JunitSuite};
use crate::report::{count, finding_line, printable, Options};

/// What a failing case found and how it differs from its expectation.
pub fn failure_text(r: &CaseResult, lang: Lang) -> String {
    let Some(outcome) = &r.outcome else {
        return String::new();
    };
    let o = Options {
        lang,
        show_personal: false,
        ..Default::default()
    };
    let mut s = format!("{}\n{}\n\n", r.case.manifest.title, r.case.dir.display());
    s.push_str(&outcome.diff(lang));
    let all: Vec<String> = outcome
        .files
        .iter()
        .flat_map(|f| f.findings.iter().map(|x| finding_line(x, &o)))
        .collect();
    s.push_str(&format!("\nfindings ({}):\n", all.len()));
    for l in all {
        s.push_str(&l);
        s.push('\n');
    }
    s
}

fn failure_message(r: &CaseResult, lang: Lang) -> String {
    let Some(o) = &r.outcome else {
        return String::new();
    };
    let ja = lang == Lang::Ja;
    let c = &o.comparison;
    let mut parts = Vec::new();
    for (n, ja_word, en_word) in [
        (c.missing.len(), "不足", "missing"),
        (c.unexpected.len(), "余分", "unexpected"),
        (c.absent_files.len(), "ないファイル", "absent files"),
    ] {
        if n > 0 {
            parts.push(if ja {
                format!("{ja_word} {n}件")
            } else {
                format!("{n} {en_word}")
            });
        }
    }
    if parts.is_empty() {
        return match (&o.pinned, ja) {
            (crate::cases::findings::Pinned::Missing, true) => {
                "findings.txt がまだありません（run --bless が書きます）".to_string()
            }
            (crate::cases::findings::Pinned::Missing, false) => {
                "no findings.txt yet (run --bless writes it)".to_string()
            }
            (crate::cases::findings::Pinned::Stale, true) => {
                "適合ケースに findings.txt があります".to_string()
            }
            (crate::cases::findings::Pinned::Stale, false) => {
                "a conforming case has a findings.txt".to_string()
            }
            (_, true) => "指摘が findings.txt と異なります".to_string(),
            (_, false) => "findings differ from findings.txt".to_string(),
        };
    }
    if ja {
        format!("指摘が case.toml と異なります: {}", parts.join("、"))
    } else {
        format!("findings differ from case.toml: {}", parts.join(", "))
    }
}

/// The JUnit XML of a suite run. `timestamp` is `YYYY-MM-DDTHH:MM:SS`.
pub fn junit(suite: &Suite, timestamp: &str, lang: Lang) -> String {
    let mut groups: BTreeMap<&str, Vec<&CaseResult>> = BTreeMap::new();
    for r in &suite.results {
        groups.entry(r.case.group.as_str()).or_default().push(r);
    }
    let mut report = Report::default();
    for (group, results) in groups {
        let name = if group.is_empty() { "cases" } else { group };
        let revisions: std::collections::BTreeSet<&str> = results
            .iter()
            .map(|r| r.case.manifest.revision.as_str())
            .collect();
        let failures = results
            .iter()
            .filter(|r| !r.passed() && !r.ignored())
            .count();
        let ignored = results.iter().filter(|r| r.ignored()).count();
        report.suites.push(JunitSuite {
            name: name.to_string(),
            package: "careplan-conformance".into(),
            timestamp: timestamp.into(),
            properties: vec![
                (
                    "harness_version".into(),
                    env!("CARGO_PKG_VERSION").to_string(),
                ),
                (
                    "revisions".into(),
                    revisions.into_iter().collect::<Vec<_>>().join(" "),
                ),
                ("cases_root".into(), suite.root.to_string()),
            ],
            cases: results
                .iter()
                .map(|r| Case {
                    name: r.case.manifest.id.clone(),
                    classname: name.to_string(),
                    outcome: if r.ignored() {
                        Outcome::Skipped {
                            message: match lang {
                                Lang::Ja => format!(
                                    "{}版はこのハーネスに収録されていません",
                                    r.case.manifest.revision
                                ),
                                Lang::En => format!(
                                    "revision {} is not embedded in this harness",
                                    r.case.manifest.revision
                                ),
                            },
                        }
                    } else if r.passed() {
                        Outcome::Passed
                    } else {
                        Outcome::Failure {
                            kind: "expectation".into(),
                            message: failure_message(r, lang),
                            text: failure_text(r, lang),
                        }
                    },
                })
                .collect(),
            system_out: match lang {
                Lang::Ja => format!(
                    "{name}: 合格 {}、不合格 {failures}、対象外 {ignored}",
                    results.len() - failures - ignored
                ),
                Lang::En => format!(
                    "{name}: {} passed, {failures} failed, {ignored} ignored",
                    results.len() - failures - ignored
                ),
            },
        });
    }
    report.to_xml()
}

/// The summary a person reads after `run`: one line per case, the diff of
/// each failing case, and the totals.
pub fn human(suite: &Suite, junit_path: Option<&str>, lang: Lang) -> String {
    let mut s = String::new();
    for r in &suite.results {
        let m = &r.case.manifest;
        let status = if r.ignored() {
            "IGNORED"
        } else if r.passed() {
            "PASS   "
        } else {
            "FAIL   "
        };
        // A case's id and title are the suite author's text: escaped as
        // values are, so that they cannot send terminal commands.
        s.push_str(&format!(
            "{status} {}  {}\n",
            printable(&m.id),
            printable(&m.title)
        ));
        if !r.passed() && !r.ignored() {
            if let Some(o) = &r.outcome {
                for line in o.diff(lang).lines() {
                    s.push_str(&format!("        {}\n", printable(line)));
                }
            }
        }
    }
    for e in &suite.manifest_errors {
        s.push_str(&format!("ERROR   {}\n", printable(&e.to_string())));
    }
    s.push('\n');
    let failed: Vec<&str> = suite
        .results
        .iter()
        .filter(|r| !r.passed() && !r.ignored())
        .map(|r| r.case.manifest.id.as_str())
        .collect();
    let ja = lang == Lang::Ja;
    if !failed.is_empty() {
        s.push_str(&format!(
            "{}: {}\n",
            if ja { "不合格" } else { "failed" },
            printable(&failed.join(" "))
        ));
    }
    s.push_str(&if ja {
        format!(
            "careplan-conformance {} / {} のケース {}件\n",
            env!("CARGO_PKG_VERSION"),
            suite.root,
            suite.results.len()
        )
    } else {
        format!(
            "careplan-conformance {} / {} under {}\n",
            env!("CARGO_PKG_VERSION"),
            count(suite.results.len(), "case"),
            suite.root
        )
    });
    if let Some(p) = junit_path {
        s.push_str(&if ja {
            format!("JUnit レポート: {p}\n")
        } else {
            format!("JUnit report: {p}\n")
        });
    }
    s.push_str(&if ja {
        format!(
            "ケース: 合格 {}、不合格 {}、対象外 {}\n",
            suite.passed(),
            suite.failed(),
            suite.ignored()
        )
    } else {
        format!(
            "cases: {} passed, {} failed, {} ignored\n",
            suite.passed(),
            suite.failed(),
            suite.ignored()
        )
    });
    s
}
