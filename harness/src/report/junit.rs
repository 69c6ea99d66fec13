//! JUnit XML of one `check` run, for CI test-result views: one test suite
//! per folder checked, one test case per file. A file with an error-level
//! finding fails (the failure lists its findings); warnings do not fail it
//! and are listed in the suite's output. Paths that could not be read are
//! test cases in error. Deterministic: times are 0 and the timestamp is
//! given.

use std::collections::BTreeMap;

use super::suite::xml_text;
use super::{finding_line, Options, Run};
use crate::check::FileResult;
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
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    let mut id = 0;
    for (dir, files) in &groups {
        let failures = files
            .iter()
            .filter(|f| f.findings.iter().any(|x| x.severity() == Severity::Error))
            .count();
        x.push_str(&format!(
            "  <testsuite id=\"{id}\" package=\"careplan-conformance\" name=\"{}\" timestamp=\"{}\" hostname=\"localhost\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
            xml_text(dir),
            xml_text(timestamp),
            files.len()
        ));
        id += 1;
        x.push_str("    <properties>\n");
        for (k, v) in [
            ("harness_version", env!("CARGO_PKG_VERSION").to_string()),
            (
                "revision",
                run.revision.clone().unwrap_or_else(|| "auto".into()),
            ),
        ] {
            x.push_str(&format!(
                "      <property name=\"{k}\" value=\"{}\"/>\n",
                xml_text(&v)
            ));
        }
        x.push_str("    </properties>\n");
        let mut out = String::new();
        for f in files {
            let kind = f.kind.as_deref().unwrap_or("unknown");
            x.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"careplan.{}\" time=\"0\"",
                xml_text(&f.file),
                xml_text(kind)
            ));
            let errors: Vec<_> = f
                .findings
                .iter()
                .filter(|x| x.severity() == Severity::Error)
                .collect();
            let warnings = f.findings.len() - errors.len();
            if errors.is_empty() {
                x.push_str("/>\n");
            } else {
                let text: Vec<String> = f.findings.iter().map(|x| finding_line(x, o)).collect();
                x.push_str(&format!(
                    "><failure type=\"{}\" message=\"{}\">{}</failure></testcase>\n",
                    xml_text(errors[0].rule.id),
                    xml_text(&format!(
                        "{} errors, {warnings} warnings; first: [{}] {}",
                        errors.len(),
                        errors[0].rule.id,
                        errors[0].message(o.lang)
                    )),
                    xml_text(&text.join("\n"))
                ));
            }
            for w in f
                .findings
                .iter()
                .filter(|x| x.severity() == Severity::Warning)
            {
                out.push_str(&finding_line(w, o));
                out.push('\n');
            }
        }
        x.push_str(&format!(
            "    <system-out>{}</system-out>\n    <system-err></system-err>\n  </testsuite>\n",
            xml_text(&out)
        ));
    }
    if !run.io_errors.is_empty() {
        x.push_str(&format!(
            "  <testsuite id=\"{id}\" package=\"careplan-conformance\" name=\"unreadable paths\" timestamp=\"{}\" hostname=\"localhost\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\" time=\"0\">\n    <properties>\n    </properties>\n",
            xml_text(timestamp),
            n = run.io_errors.len()
        ));
        for e in &run.io_errors {
            x.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"careplan.io\" time=\"0\"><error type=\"io\" message=\"{}\"/></testcase>\n",
                xml_text(e.split(": ").next().unwrap_or(e)),
                xml_text(e)
            ));
        }
        x.push_str(
            "    <system-out></system-out>\n    <system-err></system-err>\n  </testsuite>\n",
        );
    }
    x.push_str("</testsuites>\n");
    x
}
