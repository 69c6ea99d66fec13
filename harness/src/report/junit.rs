//! JUnit XML of one `check` run, for CI test-result views: one test suite
//! per folder checked, one test case per file. A file with an error-level
//! finding fails (the failure lists its findings); warnings do not fail it
//! and are listed in the suite's output. Paths that could not be read are
//! test cases in error. Deterministic: times are 0 and the timestamp is
//! given.

use std::collections::BTreeMap;

use super::junit_xml::{Case, Outcome, Report, Suite};
use super::{run_finding_line, Options, Reporter, Run, WaiverState};
use crate::check::FileResult;
use crate::finding::Lang;
use crate::rules::catalogue::Severity;

fn folder(path: &str) -> String {
    match std::path::Path::new(path).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.display().to_string(),
        _ => ".".to_string(),
    }
}

/// The run as JUnit XML; `timestamp` is `YYYY-MM-DDTHH:MM:SS`.
pub fn junit(run: &Run, o: &Options, timestamp: &str) -> String {
    let mut groups: BTreeMap<String, Vec<&FileResult>> = BTreeMap::new();
    for f in &run.files {
        groups.entry(folder(&f.path)).or_default().push(f);
    }
    let mut report = Report::default();
    for (dir, files) in groups {
        let mut suite = Suite {
            name: dir,
            package: "careplan-conformance".into(),
            timestamp: timestamp.into(),
            properties: vec![
                (
                    "harness_version".into(),
                    env!("CARGO_PKG_VERSION").to_string(),
                ),
                (
                    "revision".into(),
                    run.revision.clone().unwrap_or_else(|| "auto".into()),
                ),
            ],
            ..Default::default()
        };
        for f in files {
            // Waived findings fail nothing: they are listed with the rest.
            let errors: Vec<_> = f
                .findings
                .iter()
                .filter(|x| x.severity() == Severity::Error && run.waiver(x).is_none())
                .collect();
            let warnings = run.tally(&f.findings).warnings;
            let outcome = match errors.first() {
                None => Outcome::Passed,
                Some(first) => Outcome::Failure {
                    kind: first.rule.id.to_string(),
                    message: match o.lang {
                        Lang::Ja => format!(
                            "エラー {}件、警告 {warnings}件。最初: [{}] {}",
                            errors.len(),
                            first.rule.id,
                            first.message_shown(o.lang, o.show_personal)
                        ),
                        Lang::En => format!(
                            "{} errors, {warnings} warnings; first: [{}] {}",
                            errors.len(),
                            first.rule.id,
                            first.message_shown(o.lang, o.show_personal)
                        ),
                    },
                    text: f
                        .findings
                        .iter()
                        .map(|x| run_finding_line(run, x, o))
                        .collect::<Vec<_>>()
                        .join("\n"),
                },
            };
            suite.cases.push(Case {
                name: f.file.clone(),
                classname: format!("careplan.{}", f.kind.as_deref().unwrap_or("unknown")),
                outcome,
            });
            // The findings of a passing file that do not fail it: its
            // warnings and waived findings.
            for w in f.findings.iter().filter(|x| {
                x.severity() == Severity::Warning || (errors.is_empty() && run.waiver(x).is_some())
            }) {
                suite.system_out.push_str(&run_finding_line(run, w, o));
                suite.system_out.push('\n');
            }
        }
        report.suites.push(suite);
    }
    // The waivers: one test case each, failed when past its date.
    if let Some(first) = run.waivers.list.first() {
        let mut suite = Suite {
            name: first.file.clone(),
            package: "careplan-conformance".into(),
            timestamp: timestamp.into(),
            properties: vec![("as_of".into(), run.waivers.today.clone())],
            ..Default::default()
        };
        for w in &run.waivers.list {
            let text = w.diagnostic(o.lang);
            suite.cases.push(Case {
                name: format!("{} {} ({})", w.rule, w.path, w.source()),
                classname: "careplan.waiver".into(),
                outcome: match (w.state, text) {
                    (WaiverState::Expired, Some(message)) => Outcome::Failure {
                        kind: "waiver-expired".into(),
                        text: message.clone(),
                        message,
                    },
                    _ => Outcome::Passed,
                },
            });
            if let (WaiverState::Unused, Some(t)) = (w.state, w.diagnostic(o.lang)) {
                suite.system_out.push_str(&t);
                suite.system_out.push('\n');
            }
        }
        report.suites.push(suite);
    }
    if !run.io_errors.is_empty() {
        report.suites.push(Suite {
            name: match o.lang {
                Lang::Ja => "読めないパス",
                Lang::En => "unreadable paths",
            }
            .into(),
            package: "careplan-conformance".into(),
            timestamp: timestamp.into(),
            cases: run
                .io_errors
                .iter()
                .map(|e| Case {
                    name: e.split(": ").next().unwrap_or(e).to_string(),
                    classname: "careplan.io".into(),
                    outcome: Outcome::Error {
                        kind: "io".into(),
                        message: e.clone(),
                    },
                })
                .collect(),
            ..Default::default()
        });
    }
    report.to_xml()
}

pub struct Junit;

impl Reporter for Junit {
    fn name(&self) -> &'static str {
        "junit"
    }
    fn about(&self) -> &'static str {
        "JUnit XML: one test case per file"
    }
    fn file_help(&self) -> Option<&'static str> {
        Some("Also write a JUnit XML report to this file")
    }
    fn render(&self, run: &Run, o: &Options) -> String {
        junit(run, o, &o.timestamp)
    }
}
