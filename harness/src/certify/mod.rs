//! Certification: a vendor's submission judged against a profile of the
//! scenario pack, the way the vendor test (ベンダー試験) judges a product.
//!
//! For every scenario of the profile, the submission holds a folder named by
//! the scenario ID. A scenario judged on files passes when its files exist,
//! break no error-level rule, round-trip canonically (MS932 form aside), name
//! the expected sender and receiver, and hold the expected model (ignoring
//! what legitimately differs between products). An import scenario without
//! a reply is attested by the vendor (`attestation.toml`): the harness cannot
//! see inside the product.

pub mod pack;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};

use crate::finding::{Lang, Text};
use crate::model::golden;
use crate::report::junit_xml::{Case, Outcome, Report, Suite};
use crate::report::{finding_json, finding_line, Options};
use crate::rules::catalogue::Severity;
use crate::spec::Revision;
use pack::{Pack, Profile, Scenario};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Passed,
    /// An import the vendor attests it performed.
    Attested,
    Failed,
    /// A required scenario with no folder in the submission.
    Missing,
    /// An optional scenario the vendor did not submit.
    NotSubmitted,
}

impl Status {
    pub fn ok(self) -> bool {
        matches!(
            self,
            Status::Passed | Status::Attested | Status::NotSubmitted
        )
    }
    fn ja(self) -> &'static str {
        match self {
            Status::Passed => "合格",
            Status::Attested => "取込確認（申告）",
            Status::Failed => "不合格",
            Status::Missing => "未提出（必須）",
            Status::NotSubmitted => "未提出（任意）",
        }
    }
}

/// One step of judging a scenario, for the JUnit report.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: &'static str,
    pub passed: bool,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub id: String,
    pub title: String,
    pub required: bool,
    pub status: Status,
    /// Every finding and problem, for the certificate.
    pub findings: Vec<Json>,
    #[serde(skip)]
    pub steps: Vec<Step>,
}

impl ScenarioResult {
    /// Records a step and its problems, each also a finding of the certificate.
    fn step(&mut self, name: &'static str, finding_step: &str, problems: Vec<String>) {
        for p in &problems {
            self.findings.push(problem(finding_step, p.clone()));
        }
        self.steps.push(Step {
            name,
            passed: problems.is_empty(),
            problems,
        });
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct JudgedFile {
    /// Relative to the submission folder, with '/'.
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct Certification {
    pub profile: Profile,
    pub spec_revision: String,
    pub pack_version: String,
    pub scenarios: Vec<ScenarioResult>,
    pub files: Vec<JudgedFile>,
    /// Submission folders that are not scenarios of the profile (not judged).
    pub ignored: Vec<String>,
    pub generated_at: String,
}

impl Certification {
    pub fn passed(&self) -> bool {
        self.scenarios.iter().all(|s| s.status.ok())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Attestation {
    scenario: String,
    imported: bool,
    checked_by: String,
    #[serde(default)]
    notes: Option<String>,
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// The files of a scenario folder that are the standard's (a `.csv` or a
/// known prefix), the folder itself only; everything else a submission may
/// hold (a README, `.DS_Store`, subfolders) is not judged.
fn regular_files(dir: &Path) -> Vec<PathBuf> {
    let rev = crate::spec::default_revision();
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.metadata().is_ok_and(|m| m.is_file()))
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            n == "attestation.toml" || crate::input::filename::is_candidate(&n, rev)
        })
        .collect();
    v.sort();
    v
}

fn problem(step: &str, message: String) -> Json {
    json!({ "step": step, "message": message })
}

/// Judges one submitted scenario folder.
fn judge(s: &Scenario, dir: &Path, rev: &'static Revision, required: bool) -> ScenarioResult {
    let mut r = ScenarioResult {
        id: s.meta.id.clone(),
        title: s.meta.title.clone(),
        required,
        status: Status::Passed,
        findings: Vec::new(),
        steps: Vec::new(),
    };
    let files = regular_files(dir);
    if files.is_empty() {
        r.status = if required {
            Status::Missing
        } else {
            Status::NotSubmitted
        };
        let msg = format!("{}/ がありません（提出されていません）", s.meta.id);
        r.steps.push(Step {
            name: "提出",
            passed: !required,
            problems: vec![msg.clone()],
        });
        if required {
            r.findings.push(problem("提出", msg));
        }
        return r;
    }
    if !s.judged_on_files() {
        let att = dir.join("attestation.toml");
        let verdict = match std::fs::read_to_string(&att) {
            Err(_) => {
                Err("attestation.toml がありません（取込の確認を申告するファイル）".to_string())
            }
            Ok(t) => match toml::from_str::<Attestation>(&t) {
                Err(e) => Err(format!(
                    "attestation.toml を読めません: {}",
                    e.to_string().trim()
                )),
                Ok(a) if a.scenario != s.meta.id => Err(format!(
                    "attestation.toml の scenario が {} ではありません",
                    s.meta.id
                )),
                Ok(a) if !a.imported => {
                    Err("attestation.toml で imported = false です".to_string())
                }
                Ok(a) if a.checked_by.trim().is_empty() => {
                    Err("attestation.toml の checked_by が空です".to_string())
                }
                Ok(a) => Ok(a.notes),
            },
        };
        match verdict {
            Ok(_) => {
                r.status = Status::Attested;
                r.step("取込の申告", "取込の申告", Vec::new());
            }
            Err(m) => {
                r.status = Status::Failed;
                r.step("取込の申告", "取込の申告", vec![m]);
            }
        }
        return r;
    }

    // 1. The rules, with the files of the folder checked as send units.
    let run = crate::check_with(
        &[dir.to_path_buf()],
        crate::CheckOptions {
            revision: Some(rev),
            follow_links: false,
            max_file_size: crate::DEFAULT_MAX_FILE_SIZE,
            recursive: false,
            keep_records: false,
        },
    );
    let o = Options {
        lang: Lang::Ja,
        show_personal: false,
        ..Default::default()
    };
    let mut rule_problems = Vec::new();
    for f in run.findings() {
        // Paths relative to the submission: the certificate does not depend
        // on where the submission was on the judging machine.
        let mut f = f.clone();
        f.path = format!("{}/{}", s.meta.id, f.file);
        let f = &f;
        let mut j = finding_json(f, &o);
        j["step"] = json!("規則");
        r.findings.push(j);
        if f.severity() == Severity::Error {
            rule_problems.push(finding_line(f, &o));
        }
    }
    for e in &run.io_errors {
        let e = e.replace(&dir.display().to_string(), &s.meta.id);
        rule_problems.push(e.clone());
        r.findings.push(problem("規則", e));
    }
    r.steps.push(Step {
        name: "規則",
        passed: rule_problems.is_empty(),
        problems: rule_problems,
    });

    // 2. The round trip.
    let mut rt_problems = Vec::new();
    for f in &files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "attestation.toml" {
            continue;
        }
        let bytes = std::fs::read(f).unwrap_or_default();
        let rt = crate::model::roundtrip::roundtrip(&name, &name, &bytes, rev, false);
        if rt.error.is_some() {
            rt_problems.push(format!(
                "{name}: 標準仕様のファイル種別として読めないため、往復を確かめられません"
            ));
        } else if !rt.equivalent {
            for d in rt
                .differences
                .iter()
                .filter(|d| d.class != crate::model::roundtrip::Class::Ms932Form)
            {
                let at = match (d.record, d.field_no, &d.field_name) {
                    (Some(rec), Some(n), Some(fname)) => {
                        format!("レコード{rec} 項目No.{n} {fname}")
                    }
                    (Some(rec), _, _) => format!("レコード{rec}"),
                    _ => "ファイル".to_string(),
                };
                rt_problems.push(format!(
                    "{name}: {at}: 正規形でない（{:?}）'{}' → '{}'",
                    d.class, d.before, d.after
                ));
            }
        }
    }
    r.step("往復（正規形）", "往復", rt_problems);

    // 3. The expected model, and the parties the names give.
    let submitted: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| {
            (
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                std::fs::read(p).unwrap_or_default(),
            )
        })
        .collect();
    let mut model_problems = Vec::new();
    // Images are not modelled: the submission must carry as many as expected.
    let images = |files: &[(String, Vec<u8>)]| {
        files
            .iter()
            .filter(|(n, _)| {
                let (p, _) = crate::input::filename::parse(n, rev);
                p.kind
                    .as_deref()
                    .and_then(|k| rev.layout(k))
                    .is_some_and(|l| l.format == crate::spec::FileFormat::Jpeg)
            })
            .count()
    };
    let (want, got) = (images(&s.expected), images(&submitted));
    if want != got {
        model_problems.push(format!(
            "家族構成の画像ファイルが{want}件のはずが、{got}件です"
        ));
    }
    let expected = golden::read_files(s.expected.clone(), rev);
    let found = golden::read_files(submitted, rev);
    for c in golden::compare(&expected, &found, false) {
        let label = match &c.month {
            Some(m) => format!("{} ({m})", c.kind),
            None => c.kind.clone(),
        };
        if let (Some(e), Some(f)) = (&c.expected_file, &c.found_file) {
            let parties = |n: &str| {
                let (p, _) = crate::input::filename::parse(n, rev);
                (p.sender, p.sender_kind, p.receiver, p.receiver_kind)
            };
            if parties(e) != parties(f) {
                model_problems.push(format!(
                    "{label}: 送信元・送信先がシナリオと異なります（期待 {e}、提出 {f}）"
                ));
            }
        }
        match (&c.expected_file, &c.found_file) {
            (Some(e), None) => {
                model_problems.push(format!("{label}: {e} に当たるファイルがありません"))
            }
            (None, Some(f)) => model_problems.push(format!(
                "{label}: {f} はこのシナリオで出力されないはずのファイルです"
            )),
            _ => {
                for d in &c.differences {
                    match d.what {
                        "missing" => model_problems.push(format!(
                            "{label}: 期待されるレコード{}がありません",
                            d.expected_record.unwrap_or(0)
                        )),
                        "unexpected" => model_problems.push(format!(
                            "{label}: レコード{}は期待されていません",
                            d.found_record.unwrap_or(0)
                        )),
                        _ => {
                            for x in &d.fields {
                                model_problems.push(format!(
                                    "{label}: レコード{} 項目No.{} {}: 期待 '{}'、提出 '{}'",
                                    d.found_record.unwrap_or(0),
                                    x.field_no,
                                    x.field_name,
                                    x.expected,
                                    x.found
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    r.step("期待値との比較", "期待値", model_problems);
    if r.steps.iter().any(|s| !s.passed) {
        r.status = Status::Failed;
    }
    r
}

/// Judges a submission against a profile.
pub fn certify(
    pack: &Pack,
    profile: &Profile,
    submission: &Path,
    generated_at: &str,
) -> Result<Certification, String> {
    let rev = crate::spec::revision(&pack.meta.revision).ok_or_else(|| {
        format!(
            "the pack targets revision {}, which is not embedded",
            pack.meta.revision
        )
    })?;
    if let Some(why) = &profile.pending {
        return Err(format!(
            "profile {} cannot be certified with pack {}: {why}",
            profile.id, pack.meta.version
        ));
    }
    if !submission.is_dir() {
        return Err(format!(
            "{}: no such submission folder",
            submission.display()
        ));
    }
    let mut scenarios = Vec::new();
    let mut files = Vec::new();
    let wanted: Vec<(&String, bool)> = profile
        .required
        .iter()
        .map(|s| (s, true))
        .chain(profile.optional.iter().map(|s| (s, false)))
        .collect();
    for (id, required) in &wanted {
        let s = pack
            .scenario(id)
            .ok_or_else(|| format!("the pack has no scenario {id}"))?;
        let dir = submission.join(id.as_str());
        for f in regular_files(&dir) {
            let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(JudgedFile {
                path: format!("{id}/{name}"),
                sha256: sha256_hex(&bytes),
            });
        }
        scenarios.push(judge(s, &dir, rev, *required));
    }
    let mut ignored: Vec<String> = std::fs::read_dir(submission)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !wanted.iter().any(|(id, _)| *id == n))
        .collect();
    ignored.sort();
    Ok(Certification {
        profile: profile.clone(),
        spec_revision: pack.meta.revision.clone(),
        pack_version: pack.meta.version.clone(),
        scenarios,
        files,
        ignored,
        generated_at: generated_at.to_string(),
    })
}

pub fn certificate_json(c: &Certification) -> String {
    let doc = json!({
        "profile": c.profile.id,
        "profile_title": c.profile.title,
        "spec_revision": c.spec_revision,
        "harness_version": env!("CARGO_PKG_VERSION"),
        "pack_version": c.pack_version,
        "verdict": if c.passed() { "passed" } else { "failed" },
        "scenarios": c.scenarios,
        "files": c.files,
        "ignored_folders": c.ignored,
        "generated_at": c.generated_at,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// JUnit XML: one testsuite per scenario, one testcase per step.
pub fn junit(c: &Certification) -> String {
    let ts = c.generated_at.trim_end_matches('Z');
    let report = Report {
        suites: c
            .scenarios
            .iter()
            .map(|s| Suite {
                name: s.id.clone(),
                package: format!("certify.{}", c.profile.id),
                timestamp: ts.to_string(),
                properties: vec![
                    ("required".into(), s.required.to_string()),
                    ("status".into(), s.status.ja().to_string()),
                    ("pack_version".into(), c.pack_version.clone()),
                ],
                cases: s
                    .steps
                    .iter()
                    .map(|t| Case {
                        name: format!("{} {}", s.id, t.name),
                        classname: s.id.clone(),
                        outcome: if s.status == Status::NotSubmitted {
                            Outcome::Skipped {
                                message: "任意のシナリオで、提出されていません".into(),
                            }
                        } else if t.passed {
                            Outcome::Passed
                        } else {
                            Outcome::Failure {
                                kind: t.name.to_string(),
                                message: format!("{}件", t.problems.len()),
                                text: t.problems.join("\n"),
                            }
                        },
                    })
                    .collect(),
                system_out: format!("{} {}: {}", s.id, s.title, s.status.ja()),
            })
            .collect(),
    };
    report.to_xml()
}

/// A short summary in Japanese, in Markdown, to read or attach.
pub fn summary_markdown(c: &Certification) -> String {
    let mut s = String::new();
    s.push_str("# ケアプランデータ連携 試験結果\n\n");
    s.push_str(&format!(
        "- プロファイル: {}（{}）\n",
        c.profile.id, c.profile.title
    ));
    s.push_str(&format!(
        "- 標準仕様 {}版 / シナリオパック {} / careplan-conformance {}\n",
        c.spec_revision,
        c.pack_version,
        env!("CARGO_PKG_VERSION")
    ));
    s.push_str(&format!("- 作成日時: {}\n", c.generated_at));
    s.push_str(&format!(
        "- 判定: **{}**\n\n",
        if c.passed() { "合格" } else { "不合格" }
    ));
    s.push_str("| シナリオ | 区分 | 結果 | 所見 |\n|---|---|---|---|\n");
    for r in &c.scenarios {
        let n = r
            .steps
            .iter()
            .map(|t| if t.passed { 0 } else { t.problems.len() })
            .sum::<usize>();
        s.push_str(&format!(
            "| {} {} | {} | {} | {} |\n",
            r.id,
            r.title,
            if r.required { "必須" } else { "任意" },
            r.status.ja(),
            if n == 0 {
                String::new()
            } else {
                format!("{n}件")
            }
        ));
    }
    let failed: Vec<&ScenarioResult> = c.scenarios.iter().filter(|r| !r.status.ok()).collect();
    if !failed.is_empty() {
        s.push_str("\n## 不合格の理由\n\n");
        for r in failed {
            for t in r.steps.iter().filter(|t| !t.passed) {
                for p in t.problems.iter().take(20) {
                    s.push_str(&format!(
                        "- {}（{}）: {}\n",
                        r.id,
                        t.name,
                        p.replace('|', "｜")
                    ));
                }
                if t.problems.len() > 20 {
                    s.push_str(&format!(
                        "- {}（{}）: ほか{}件（certificate.json を参照）\n",
                        r.id,
                        t.name,
                        t.problems.len() - 20
                    ));
                }
            }
        }
    }
    if !c.ignored.is_empty() {
        s.push_str(&format!(
            "\n判定の対象外のフォルダ: {}\n",
            c.ignored.join(", ")
        ));
    }
    s.push_str(&format!(
        "\n判定したファイル: {}件（SHA-256 は certificate.json）\n",
        c.files.len()
    ));
    s
}

/// A one-screen summary for the terminal.
pub fn human(c: &Certification, out_dir: &Path, lang: Lang) -> String {
    let mut s = String::new();
    for r in &c.scenarios {
        let status = match lang {
            Lang::Ja => r.status.ja().to_string(),
            Lang::En => serde_json::to_value(r.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        };
        s.push_str(&format!(
            "{:<40} {:<4} {status}\n",
            r.id,
            if r.required { "必須" } else { "任意" }
        ));
        for t in r
            .steps
            .iter()
            .filter(|t| !t.passed && r.status != Status::NotSubmitted)
        {
            for p in t.problems.iter().take(5) {
                s.push_str(&format!("    {}: {p}\n", t.name));
            }
            if t.problems.len() > 5 {
                s.push_str(&format!(
                    "    {}: … {} more\n",
                    t.name,
                    t.problems.len() - 5
                ));
            }
        }
    }
    let verdict = Text::new(
        if c.passed() { "合格" } else { "不合格" },
        if c.passed() { "passed" } else { "failed" },
    );
    s.push_str(&format!(
        "\ncertify {} (pack {}, revision {}): {}\n{} written in {}\n",
        c.profile.id,
        c.pack_version,
        c.spec_revision,
        verdict.get(lang),
        "certificate.json, junit.xml, summary.md",
        out_dir.display()
    ));
    s
}

/// The checklist a vendor follows: what to enter and what to submit where.
pub fn checklist(pack: &Pack, profile: &Profile) -> String {
    let mut s = format!(
        "# {}：{} のシナリオ（パック {}、標準仕様 {}版）\n\n提出するフォルダ（`--submission`）の中に、シナリオごとにシナリオIDの名前のフォルダを作り、製品が出力したファイルをそのまま入れる。取込のみのシナリオは、取り込んで結果を確かめたうえで attestation.toml を置く。\n\n```toml\nscenario = \"シナリオID\"\nimported = true\nchecked_by = \"確認した人\"\nnotes = \"確認した内容\"\n```\n",
        profile.id, profile.title, pack.meta.version, pack.meta.revision
    );
    for (id, required) in profile
        .required
        .iter()
        .map(|x| (x, true))
        .chain(profile.optional.iter().map(|x| (x, false)))
    {
        let Some(sc) = pack.scenario(id) else {
            continue;
        };
        let kind = match (sc.meta.direction, sc.meta.reply) {
            (pack::Direction::Output, _) => "出力",
            (pack::Direction::Import, true) => "取込と返信の出力",
            (pack::Direction::Import, false) => "取込（申告）",
        };
        s.push_str(&format!(
            "\n## {id}：{}（{}・{kind}）\n\n{}\n",
            sc.meta.title,
            if required { "必須" } else { "任意" },
            sc.meta.description
        ));
        if !sc.imports.is_empty() {
            s.push_str(&format!("\n取り込むファイル（{id}/import/）:\n"));
            for (n, _) in &sc.imports {
                s.push_str(&format!("- {n}\n"));
            }
        }
        s.push_str(&match (sc.meta.direction, sc.meta.reply) {
            (pack::Direction::Import, false) => format!("\n提出: {id}/attestation.toml\n"),
            _ => format!("\n提出: 製品が出力したファイルを {id}/ に入れる\n"),
        });
    }
    s
}

/// Writes the import files (in canonical form) and the checklist of a profile.
pub fn emit(
    pack: &Pack,
    profile: &Profile,
    out: &Path,
    rev: &'static Revision,
) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    std::fs::create_dir_all(out)?;
    for id in profile.required.iter().chain(&profile.optional) {
        let Some(sc) = pack.scenario(id) else {
            continue;
        };
        if sc.imports.is_empty() {
            continue;
        }
        let dir = out.join(id).join("import");
        std::fs::create_dir_all(&dir)?;
        for f in golden::read_files(sc.imports.clone(), rev) {
            let (bytes, _) = crate::model::write(f.layout, &f.model);
            let p = dir.join(&f.name);
            std::fs::write(&p, bytes)?;
            written.push(p);
        }
    }
    let p = out.join("checklist.md");
    std::fs::write(&p, checklist(pack, profile))?;
    written.push(p);
    Ok(written)
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn now_is_an_iso_timestamp() {
        let n = super::now_utc();
        assert_eq!(n.len(), 20);
        assert!(n.starts_with("20"));
        assert!(n.ends_with('Z'));
    }
}
