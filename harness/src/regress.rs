//! Corpus regression: the same files checked under two revisions, and what
//! changes — per file and per folder (case), the verdict and the findings
//! that appear or disappear. What a spec maintainer runs on a vendor corpus
//! before publishing a revision, and what a vendor runs to plan a migration.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::check::FileResult;
use crate::finding::Finding;
use crate::finding::Lang;
use crate::report::junit_xml::{Case, Outcome, Report, Suite};
use crate::report::{count, finding_line, Options};
use crate::rules::catalogue::Severity;
use crate::spec::Revision;
use crate::{check_with, CheckOptions};

#[derive(Debug, Clone, Serialize)]
pub struct FileRegress {
    pub path: String,
    /// The folder the file is in (a case, in a suite of cases).
    pub group: String,
    pub from_pass: bool,
    pub to_pass: bool,
    /// Findings under the new revision that the old one did not give.
    pub appeared: Vec<String>,
    /// Findings under the old revision that the new one does not give.
    pub disappeared: Vec<String>,
}

impl FileRegress {
    pub fn verdict(&self) -> &'static str {
        match (self.from_pass, self.to_pass) {
            (true, false) => "pass → fail",
            (false, true) => "fail → pass",
            (true, true) => "pass",
            (false, false) => "fail",
        }
    }

    /// The verdicts in words of `lang`.
    pub fn verdict_label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.verdict(),
            Lang::Ja => match (self.from_pass, self.to_pass) {
                (true, false) => "合格 → 不合格",
                (false, true) => "不合格 → 合格",
                (true, true) => "合格",
                (false, false) => "不合格",
            },
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Regress {
    pub from: String,
    pub to: String,
    pub paths: Vec<String>,
    pub files: Vec<FileRegress>,
    pub io_errors: Vec<String>,
}

/// What identifies a finding across revisions: its rule and where it points.
fn key(f: &Finding) -> (String, Option<u32>, Option<u16>, String) {
    (
        f.rule.id.to_string(),
        f.pos.record,
        f.pos.field_no,
        f.message(Lang::En).to_string(),
    )
}

fn passes(f: &FileResult) -> bool {
    !f.findings.iter().any(|x| x.severity() == Severity::Error)
}

/// Checks `paths` under both revisions; the findings that change are
/// written as finding lines in `lang`.
pub fn regress(
    paths: &[PathBuf],
    from: &'static Revision,
    to: &'static Revision,
    lang: Lang,
) -> Regress {
    let run = |r| {
        check_with(
            paths,
            CheckOptions {
                revision: Some(r),
                follow_links: true,
                max_file_size: crate::DEFAULT_MAX_FILE_SIZE,
                recursive: true,
                keep_records: false,
            },
        )
    };
    let (a, b) = (run(from), run(to));
    let o = Options {
        lang,
        ..Options::default()
    };
    let before: BTreeMap<&str, &FileResult> =
        a.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut files = Vec::new();
    for fb in &b.files {
        let Some(fa) = before.get(fb.path.as_str()) else {
            continue;
        };
        let ka: BTreeSet<_> = fa.findings.iter().map(key).collect();
        let kb: BTreeSet<_> = fb.findings.iter().map(key).collect();
        let group = Path::new(&fb.path)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        files.push(FileRegress {
            path: fb.path.clone(),
            group,
            from_pass: passes(fa),
            to_pass: passes(fb),
            appeared: fb
                .findings
                .iter()
                .filter(|f| !ka.contains(&key(f)))
                .map(|f| finding_line(f, &o))
                .collect(),
            disappeared: fa
                .findings
                .iter()
                .filter(|f| !kb.contains(&key(f)))
                .map(|f| finding_line(f, &o))
                .collect(),
        });
    }
    let mut io_errors = a.io_errors;
    for e in b.io_errors {
        if !io_errors.contains(&e) {
            io_errors.push(e);
        }
    }
    Regress {
        from: from.revision.clone(),
        to: to.revision.clone(),
        paths: paths.iter().map(|p| p.display().to_string()).collect(),
        files,
        io_errors,
    }
}

pub fn human(r: &Regress, junit: &Path, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut s = if ja {
        format!(
            "regress {} → {}（対象: {}）\n",
            r.from,
            r.to,
            r.paths.join(" ")
        )
    } else {
        format!("regress {} → {} on {}\n", r.from, r.to, r.paths.join(" "))
    };
    for f in &r.files {
        if f.appeared.is_empty() && f.disappeared.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "{}: {} (+{} −{})\n",
            f.path,
            f.verdict_label(lang),
            f.appeared.len(),
            f.disappeared.len()
        ));
        for (sign, list) in [("+", &f.appeared), ("−", &f.disappeared)] {
            for l in list.iter().take(8) {
                // The line without its path: `line N: [RULE] …` or `[RULE] …`.
                let rest = l.strip_prefix(f.path.as_str()).unwrap_or(l);
                let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
                let shown = match rest.split_once(':') {
                    Some((n, tail)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                        if ja {
                            format!("{n}行目:{tail}")
                        } else {
                            format!("line {rest}")
                        }
                    }
                    _ => rest.to_string(),
                };
                s.push_str(&format!("    {sign} {shown}\n"));
            }
            if list.len() > 8 {
                let more = list.len() - 8;
                s.push_str(&if ja {
                    format!("    {sign} …ほか{more}件\n")
                } else {
                    format!("    {sign} … {more} more\n")
                });
            }
        }
    }
    let n = |p: (bool, bool)| {
        r.files
            .iter()
            .filter(|f| (f.from_pass, f.to_pass) == p)
            .count()
    };
    let groups: BTreeSet<&str> = r.files.iter().map(|f| f.group.as_str()).collect();
    let changed_groups: BTreeSet<&str> = r
        .files
        .iter()
        .filter(|f| f.from_pass != f.to_pass)
        .map(|f| f.group.as_str())
        .collect();
    let appeared: usize = r.files.iter().map(|f| f.appeared.len()).sum();
    let disappeared: usize = r.files.iter().map(|f| f.disappeared.len()).sum();
    if ja {
        s.push_str(&format!(
            "\n{}フォルダの{}ファイル: 合格 → 不合格 {}、不合格 → 合格 {}、両方で合格 {}、両方で不合格 {}。判定が変わるフォルダ {}\n",
            groups.len(),
            r.files.len(),
            n((true, false)),
            n((false, true)),
            n((true, true)),
            n((false, false)),
            changed_groups.len(),
        ));
        s.push_str(&format!(
            "指摘: +{appeared} −{disappeared}\nJUnit レポート: {}\n",
            junit.display()
        ));
    } else {
        s.push_str(&format!(
            "\n{} in {}: {} pass → fail, {} fail → pass, {} pass under both, {} fail under both; {} change verdict\n",
            count(r.files.len(), "file"),
            count(groups.len(), "folder"),
            n((true, false)),
            n((false, true)),
            n((true, true)),
            n((false, false)),
            count(changed_groups.len(), "folder"),
        ));
        s.push_str(&format!(
            "findings: +{appeared} −{disappeared}\nJUnit report: {}\n",
            junit.display()
        ));
    }
    s
}

/// JUnit: one testsuite per folder, one testcase per file; a file that
/// passes under the old revision and fails under the new one is a failure.
pub fn junit(r: &Regress, lang: Lang) -> String {
    let mut groups: BTreeMap<&str, Vec<&FileRegress>> = BTreeMap::new();
    for f in &r.files {
        groups.entry(f.group.as_str()).or_default().push(f);
    }
    let mut report = Report::default();
    for (g, files) in groups {
        let mut suite = Suite {
            name: if g.is_empty() { "." } else { g }.to_string(),
            package: "regress".into(),
            timestamp: "1970-01-01T00:00:00".into(),
            properties: vec![("from".into(), r.from.clone()), ("to".into(), r.to.clone())],
            ..Default::default()
        };
        for f in files {
            let name = Path::new(&f.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let outcome = if f.from_pass && !f.to_pass {
                Outcome::Failure {
                    kind: "regression".into(),
                    message: match lang {
                        Lang::Ja => format!("{}版で合格、{}版で不合格", r.from, r.to),
                        Lang::En => format!("passes under {}, fails under {}", r.from, r.to),
                    },
                    text: f.appeared.join("\n"),
                }
            } else {
                Outcome::Passed
            };
            if !f.appeared.is_empty() || !f.disappeared.is_empty() {
                suite.system_out.push_str(&format!(
                    "{name}: {} (+{} −{})\n",
                    f.verdict_label(lang),
                    f.appeared.len(),
                    f.disappeared.len()
                ));
            }
            suite.cases.push(Case {
                name,
                classname: g.to_string(),
                outcome,
            });
        }
        report.suites.push(suite);
    }
    report.to_xml()
}
