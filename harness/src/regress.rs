//! Corpus regression: the same files checked under two revisions, and what
//! changes — per file and per folder (case), the verdict and the findings
//! that appear or disappear. What a spec maintainer runs on a vendor corpus
//! before publishing a revision, and what a vendor runs to plan a migration.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::check::FileResult;
use crate::finding::{Finding, Lang, Level};
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
    /// The kind the file was checked as, when its name told.
    pub kind: Option<String>,
    /// The send unit the file belongs to: its folder, ファイル連番, sender
    /// and receiver (`None` when the name does not tell them).
    pub unit: Option<String>,
    pub from_pass: bool,
    pub to_pass: bool,
    /// Data records checked (under either revision: a record that does not
    /// fit a layout is not counted as checked under it).
    pub records: u32,
    /// Records with an error under the new revision and none under the old.
    pub records_to_fail: usize,
    /// Records with an error under the old revision and none under the new.
    pub records_to_pass: usize,
    /// Findings under the new revision that the old one did not give.
    pub appeared: Vec<String>,
    /// Findings under the old revision that the new one does not give.
    pub disappeared: Vec<String>,
    /// The same, counted by rule ID.
    pub by_rule: BTreeMap<String, RuleDelta>,
}

/// How many findings of one rule appear and disappear.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct RuleDelta {
    pub appeared: usize,
    pub disappeared: usize,
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
    fn changed(&self) -> bool {
        !self.appeared.is_empty() || !self.disappeared.is_empty()
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

/// The one change every file needs when the CSVバージョン changes: what
/// the CSVバージョン rules say of a file is the old revision's, so that
/// what the regression shows is what the layouts change. How many files
/// that applied to is said once.
#[derive(Debug, Clone, Serialize)]
pub struct VersionChange {
    pub from: String,
    pub to: String,
    /// Files whose CSVバージョン findings under the new revision differ from
    /// the old revision's (carried over instead).
    pub files: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Regress {
    pub from: String,
    pub to: String,
    pub paths: Vec<String>,
    pub csv_version: Option<VersionChange>,
    /// Findings of the relation and consistency rules carried over from the
    /// old revision in folders where the new one cannot read the records
    /// they relate to (a parent, or a 第6表, whose records do not fit the
    /// new layout): not fixed, only not decided.
    pub relations_carried_over: usize,
    pub files: Vec<FileRegress>,
    pub io_errors: Vec<String>,
}

/// The rules that judge the CSVバージョン against the revision checked.
fn is_version_rule(f: &Finding) -> bool {
    f.rule.id.starts_with("FILE-CSV-VERSION-")
}

/// The rules that relate the records of one file to another's: the
/// relation level, and the consistency level (the 第7表 against the 第6表
/// and the 利用者補足情報, which it reads only from records that fit).
fn is_relation_rule(f: &Finding) -> bool {
    matches!(f.rule.level, Level::Relation | Level::Consistency)
}

/// What identifies a finding across revisions: its rule and where it points.
fn key(f: &Finding) -> (String, Option<u32>, Option<u16>, String) {
    (
        f.rule.id.to_string(),
        f.pos.record,
        f.pos.field_no,
        // As masked as regress shows it.
        f.message_shown(Lang::En, false).to_string(),
    )
}

fn is_error(f: &Finding) -> bool {
    f.severity() == Severity::Error
}

/// The records with an error-level finding.
fn failing_records<'a>(findings: impl Iterator<Item = &'a Finding>) -> BTreeSet<u32> {
    findings
        .filter(|f| is_error(f))
        .filter_map(|f| f.pos.record)
        .collect()
}

fn folder_of(path: &str) -> String {
    Path::new(path)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
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
                consistency: true,
                keep_keys: false,
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
    // Folders where a file's records could be related under the old
    // revision and not under the new: relations there are not decided.
    let undecided: BTreeSet<String> = b
        .files
        .iter()
        .filter(|fb| {
            !fb.keys_complete
                && before
                    .get(fb.path.as_str())
                    .is_some_and(|fa| fa.keys_complete)
        })
        .map(|fb| folder_of(&fb.path))
        .collect();
    let version_changes = from.csv_version != to.csv_version;
    let mut version_files = 0;
    let mut relations_carried_over = 0;
    let mut files = Vec::new();
    for fb in &b.files {
        let Some(fa) = before.get(fb.path.as_str()) else {
            continue;
        };
        let group = folder_of(&fb.path);
        let ka: BTreeSet<_> = fa.findings.iter().map(key).collect();
        let mut to_findings: Vec<&Finding> = fb.findings.iter().collect();
        if version_changes {
            // The value every file must change: judged as the old revision
            // judges it.
            let said = |fs: &[&Finding]| -> BTreeSet<_> {
                fs.iter()
                    .filter(|f| is_version_rule(f))
                    .map(|f| key(f))
                    .collect()
            };
            let old: Vec<&Finding> = fa.findings.iter().filter(|f| is_version_rule(f)).collect();
            if said(&to_findings) != said(&old) {
                version_files += 1;
            }
            to_findings.retain(|f| !is_version_rule(f));
            to_findings.extend(old);
        }
        if undecided.contains(&group) {
            let kb: BTreeSet<_> = to_findings.iter().map(|f| key(f)).collect();
            let carried: Vec<&Finding> = fa
                .findings
                .iter()
                .filter(|f| is_relation_rule(f) && !kb.contains(&key(f)))
                .collect();
            relations_carried_over += carried.len();
            to_findings.extend(carried);
        }
        let kb: BTreeSet<_> = to_findings.iter().map(|f| key(f)).collect();
        let appeared: Vec<&Finding> = to_findings
            .iter()
            .copied()
            .filter(|f| !ka.contains(&key(f)))
            .collect();
        let disappeared: Vec<&Finding> = fa
            .findings
            .iter()
            .filter(|f| !kb.contains(&key(f)))
            .collect();
        let mut by_rule: BTreeMap<String, RuleDelta> = BTreeMap::new();
        for f in &appeared {
            by_rule.entry(f.rule.id.to_string()).or_default().appeared += 1;
        }
        for f in &disappeared {
            by_rule
                .entry(f.rule.id.to_string())
                .or_default()
                .disappeared += 1;
        }
        let (ra, rb) = (
            failing_records(fa.findings.iter()),
            failing_records(to_findings.iter().copied()),
        );
        let n = &fb.name;
        let unit = match (&n.timestamp, &n.sender, &n.receiver) {
            (Some(t), Some(s), Some(r)) => Some(format!("{group} {t} {s}→{r}")),
            _ => None,
        };
        files.push(FileRegress {
            path: fb.path.clone(),
            group,
            kind: fb.kind.clone(),
            unit,
            from_pass: !fa.findings.iter().any(is_error),
            to_pass: !to_findings.iter().any(|f| is_error(f)),
            records: fa.records.max(fb.records),
            records_to_fail: rb.difference(&ra).count(),
            records_to_pass: ra.difference(&rb).count(),
            appeared: appeared.iter().map(|f| finding_line(f, &o)).collect(),
            disappeared: disappeared.iter().map(|f| finding_line(f, &o)).collect(),
            by_rule,
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
        csv_version: version_changes.then(|| VersionChange {
            from: from.csv_version.clone(),
            to: to.csv_version.clone(),
            files: version_files,
        }),
        relations_carried_over,
        files,
        io_errors,
    }
}

/// `n of m`, and `n` alone when they are the same number of nothing.
fn of(n: usize, m: usize, what: &str) -> String {
    format!("{n} of {}", count(m, what))
}

/// `m件中n件` in Japanese, with the counter word of `what`.
fn of_ja(n: usize, m: usize, what: &str) -> String {
    format!("{m}{what}中{n}{what}")
}

/// The impact summary: how many files, send units and records change
/// verdict, then by rule and by kind.
pub fn summary(r: &Regress, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut s = String::new();
    if let Some(v) = &r.csv_version {
        s.push_str(&if ja {
            format!(
                "CSVバージョン {} → {}: 各ファイルのCSVバージョンは{}版のとおりに判定する（以下はレイアウトの変更による差分）。{}版のとおりなら{}ファイルに{}を求めることになる\n",
                v.from, v.to, r.from, r.to, v.files, v.to,
            )
        } else {
            format!(
                "CSVバージョン {} → {}: every file's CSVバージョン is judged as under {}, so that what follows is what the layouts change (under {}, {} would be told to carry {})\n",
                v.from,
                v.to,
                r.from,
                r.to,
                count(v.files, "file"),
                v.to,
            )
        });
    }
    if r.relations_carried_over > 0 {
        s.push_str(&if ja {
            format!(
                "関連と整合性: {}版の指摘{}件を引き継いだ。{}版では関連するレコードがレイアウトに合わず、判定できないため\n",
                r.from, r.relations_carried_over, r.to,
            )
        } else {
            format!(
                "relations and consistency: {} of {} carried over: under {} the records they relate to do not fit the layout, so they are not decided\n",
                count(r.relations_carried_over, "finding"),
                r.from,
                r.to,
            )
        });
    }
    let files_changed = r.files.iter().filter(|f| f.from_pass != f.to_pass).count();
    let mut units: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
    for f in &r.files {
        if let Some(u) = &f.unit {
            let e = units.entry(u.as_str()).or_insert((true, true));
            e.0 &= f.from_pass;
            e.1 &= f.to_pass;
        }
    }
    let units_changed = units.values().filter(|(a, b)| a != b).count();
    let records: u64 = r.files.iter().map(|f| u64::from(f.records)).sum();
    let to_fail: usize = r.files.iter().map(|f| f.records_to_fail).sum();
    let to_pass: usize = r.files.iter().map(|f| f.records_to_pass).sum();
    s.push_str(&if ja {
        format!(
            "影響: 判定が変わるのは{}、送付単位{}、{}\n",
            of_ja(files_changed, r.files.len(), "ファイル"),
            of_ja(units_changed, units.len(), "件"),
            of_ja(to_fail + to_pass, records as usize, "レコード"),
        )
    } else {
        format!(
            "impact: {}, {}, {} change verdict\n",
            of(files_changed, r.files.len(), "file"),
            of(units_changed, units.len(), "send unit"),
            of(to_fail + to_pass, records as usize, "record"),
        )
    });
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
    if ja {
        s.push_str(&format!(
            "  ファイル: 合格 → 不合格 {}、不合格 → 合格 {}、両方で合格 {}、両方で不合格 {}（判定が変わるのは{}フォルダ中{}フォルダ）\n",
            n((true, false)),
            n((false, true)),
            n((true, true)),
            n((false, false)),
            groups.len(),
            changed_groups.len(),
        ));
        s.push_str(&format!(
            "  レコード: 合格 → 不合格 {to_fail}、不合格 → 合格 {to_pass}\n"
        ));
    } else {
        s.push_str(&format!(
            "  files: {} pass → fail, {} fail → pass, {} pass under both, {} fail under both ({} of {} change verdict)\n",
            n((true, false)),
            n((false, true)),
            n((true, true)),
            n((false, false)),
            changed_groups.len(),
            count(groups.len(), "folder"),
        ));
        s.push_str(&format!(
            "  records: {to_fail} pass → fail, {to_pass} fail → pass\n"
        ));
    }
    // By rule: findings that appear and disappear, in how many files.
    let mut rules: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for f in &r.files {
        for (id, d) in &f.by_rule {
            let e = rules.entry(id.as_str()).or_default();
            e.0 += d.appeared;
            e.1 += d.disappeared;
            e.2 += 1;
        }
    }
    if !rules.is_empty() {
        s.push_str(if ja {
            "ルール別（現れる指摘 + と消える指摘 −）:\n"
        } else {
            "by rule (findings that appear + and disappear −):\n"
        });
        let w = rules.keys().map(|k| k.len()).max().unwrap_or(0);
        for (id, (plus, minus, in_files)) in &rules {
            s.push_str(&if ja {
                format!("  {id:<w$}  +{plus} −{minus}（{in_files}ファイル）\n")
            } else {
                format!(
                    "  {id:<w$}  +{plus} −{minus} in {}\n",
                    count(*in_files, "file")
                )
            });
        }
    }
    // By kind: of its files, how many change verdict, and their records.
    let mut kinds: BTreeMap<&str, (usize, usize, usize, usize, usize)> = BTreeMap::new();
    for f in &r.files {
        let e = kinds
            .entry(f.kind.as_deref().unwrap_or(if ja {
                "（名前なし）"
            } else {
                "(unnamed)"
            }))
            .or_default();
        e.0 += 1;
        e.1 += usize::from(f.from_pass != f.to_pass);
        e.2 += f.records_to_fail + f.records_to_pass;
        e.3 += f.appeared.len();
        e.4 += f.disappeared.len();
    }
    kinds.retain(|_, e| e.1 + e.2 + e.3 + e.4 > 0);
    if !kinds.is_empty() {
        s.push_str(if ja { "種類別:\n" } else { "by kind:\n" });
        let w = kinds.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for (kind, (all, changed, recs, plus, minus)) in &kinds {
            s.push_str(&if ja {
                format!(
                    "  {kind:<w$}  判定が変わるのは{}、{recs}レコード。指摘 +{plus} −{minus}\n",
                    of_ja(*changed, *all, "ファイル"),
                )
            } else {
                format!(
                    "  {kind:<w$}  {} change verdict, {} change verdict; findings +{plus} −{minus}\n",
                    of(*changed, *all, "file"),
                    count(*recs, "record"),
                )
            });
        }
    }
    s
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
    s.push_str(&summary(r, lang));
    if r.files.iter().any(FileRegress::changed) {
        s.push_str(if ja { "\n詳細:\n" } else { "\ndetails:\n" });
    }
    for f in &r.files {
        if !f.changed() {
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
    let appeared: usize = r.files.iter().map(|f| f.appeared.len()).sum();
    let disappeared: usize = r.files.iter().map(|f| f.disappeared.len()).sum();
    s.push_str(&if ja {
        format!(
            "\n指摘: +{appeared} −{disappeared}\nJUnit レポート: {}\n",
            junit.display()
        )
    } else {
        format!(
            "\nfindings: +{appeared} −{disappeared}\nJUnit report: {}\n",
            junit.display()
        )
    });
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
