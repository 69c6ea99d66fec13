//! The JSON output: every finding and a summary, one document for tools.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{finding_json, revision_counts, Options, Reporter, Run, Waiver};
use crate::rules::catalogue::Severity;

pub struct Json;

impl Reporter for Json {
    fn name(&self) -> &'static str {
        "json"
    }
    fn about(&self) -> &'static str {
        "One JSON document: findings and summary"
    }
    fn file_help(&self) -> Option<&'static str> {
        Some("Also write the JSON report to this file")
    }
    fn render(&self, run: &Run, o: &Options) -> String {
        json(run, o)
    }
}

/// A waiver as the JSON output shows it.
pub fn waiver_json(w: &Waiver) -> Value {
    json!({
        "rule": w.rule,
        "path": w.path,
        "reason": w.reason,
        "expires": w.expires,
        "file": w.file,
        "line": w.line,
        "state": w.state.as_str(),
        "findings": w.findings,
    })
}

/// The format and version of the document, which names its schema
/// (`schemas/check-output.v1.json`): fields are only added within a
/// version; a change of meaning or a removal makes a new one.
pub const FORMAT: &str = "careplan-conformance-check/1";

/// The findings of a run, each made into its JSON object as it is written
/// and dropped after: a run of many findings never holds them all as
/// objects at once (each takes a few kilobytes), only the text written.
struct Findings<'r> {
    run: &'r Run,
    o: &'r Options,
}

impl serde::Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        for f in self.run.findings() {
            let mut v = finding_json(f, self.o);
            v["waived"] = self.run.waiver(f).map_or(Value::Null, |w| {
                json!({ "reason": w.reason, "expires": w.expires, "file": w.file, "line": w.line })
            });
            seq.serialize_element(&v)?;
        }
        seq.end()
    }
}

/// The document: its members in this order.
#[derive(serde::Serialize)]
struct Document<'r> {
    format: &'static str,
    findings: Findings<'r>,
    summary: Value,
}

pub fn json(run: &Run, o: &Options) -> String {
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in run.findings() {
        *by_rule.entry(f.rule.id).or_default() += 1;
    }
    let files: Vec<Value> = run
        .files
        .iter()
        .map(|f| {
            json!({
                "file": f.file,
                "path": f.path,
                "kind": f.kind,
                "revision": f.revision,
                "records": f.records,
                "bytes": f.bytes,
                "errors": run.tally(&f.findings).errors,
                "warnings": run.tally(&f.findings).warnings,
                "waived": run.tally(&f.findings).waived,
            })
        })
        .collect();
    let summary = json!({
        "harness_version": env!("CARGO_PKG_VERSION"),
        "revision": run.revision.as_deref().unwrap_or("auto"),
        "revisions": revision_counts(run),
        "paths": run.paths,
        "files_checked": run.files.len(),
        "records": run.files.iter().map(|f| f.records).sum::<u32>(),
        "errors": run.count(Severity::Error),
        "warnings": run.count(Severity::Warning),
        "waived": run.tally(run.findings()).waived,
        "by_rule": by_rule,
        "files": files,
        "io_errors": run.io_errors,
        "files_checked_alone": run.files_checked_alone,
        "other_files": run.other_files.iter().map(|(p, n)| json!({"path": p, "bytes": n})).collect::<Vec<_>>(),
        "client_verdict": crate::verdict::json(&crate::verdict::of(run), o.lang),
        "waivers": run.waivers.list.first().map(|w| json!({
            "file": w.file,
            "as_of": run.waivers.today,
            "list": run.waivers.list.iter().map(waiver_json).collect::<Vec<_>>(),
        })),
        "exit_code": run.exit_code(),
    });
    let doc = Document {
        format: FORMAT,
        findings: Findings { run, o },
        summary,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
