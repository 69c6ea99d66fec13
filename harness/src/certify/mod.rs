//! Certification: a vendor's submission judged against a profile of the
//! scenario pack, the way the vendor test (ベンダー試験) judges a product.
//!
//! For every scenario of the profile, the submission holds a folder named by
//! the scenario ID. A scenario judged on files passes when its files exist,
//! break no error-level rule, round-trip canonically (MS932 form aside), name
//! the expected sender and receiver, and hold the expected model (ignoring
//! what legitimately differs between products). An import scenario without
//! a reply is attested by the vendor (`attestation.toml`): the harness cannot
//! see inside the product. A refusal scenario (defective files) is attested
//! with the product's message.

pub mod pack;
pub mod registry;
pub mod sign;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

use crate::finding::{count, Lang, Text};
use crate::model::golden;
use crate::report::junit_xml::{Case, Outcome, Report, Suite};
use crate::report::{finding_json, finding_line, Options};
use crate::rules::catalogue::Severity;
use crate::spec::Revision;
use pack::{sha256_hex, Pack, Profile, Scenario};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Passed,
    /// An import the vendor attests it performed.
    Attested,
    /// A defective import the vendor attests the product refused.
    Refused,
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
            Status::Passed | Status::Attested | Status::Refused | Status::NotSubmitted
        )
    }
    /// Passed, attested or refused: the scenario counts as done.
    pub fn done(self) -> bool {
        matches!(self, Status::Passed | Status::Attested | Status::Refused)
    }
    pub fn ja(self) -> &'static str {
        match self {
            Status::Passed => "合格",
            Status::Attested => "取込確認（申告）",
            Status::Refused => "取込拒否（申告）",
            Status::Failed => "不合格",
            Status::Missing => "未提出（必須）",
            Status::NotSubmitted => "未提出（任意）",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja(),
            Lang::En => self.en(),
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Attested => "attested",
            Status::Refused => "refused (attested)",
            Status::Failed => "failed",
            Status::Missing => "missing (required)",
            Status::NotSubmitted => "not submitted (optional)",
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
    /// The role-table cells of the profile's column the scenario certifies
    /// (「本文2.2 表(1) ① 居宅介護支援事業所向け 出力 ○」), or its basis.
    pub cells: Vec<String>,
    pub status: Status,
    /// For an attested import or refusal: who checked, and the product's
    /// message for a refusal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Json>,
    /// Every finding and problem, for the certificate.
    pub findings: Vec<Json>,
    #[serde(skip)]
    pub steps: Vec<Step>,
}

impl ScenarioResult {
    /// Records a step and its problems, each also a finding of the certificate.
    fn step(&mut self, name: &'static str, problems: Vec<String>, lang: Lang) {
        for p in &problems {
            self.findings
                .push(problem(finding_step(name, lang), p.clone()));
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

/// The product a submission is for. Optional for `certify`; the register
/// lists only certificates that name all three.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub vendor: Option<String>,
    #[serde(rename = "product")]
    pub name: Option<String>,
    pub version: Option<String>,
}

impl Product {
    /// `submission.toml` in the submission folder, if there is one.
    pub fn from_submission(dir: &Path) -> Result<Product, String> {
        let p = dir.join("submission.toml");
        match std::fs::read_to_string(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Product::default()),
            Err(e) => Err(format!("{}: {e}", p.display())),
            Ok(t) => toml::from_str::<Product>(&t)
                .map_err(|e| format!("{}: {}", p.display(), e.to_string().trim())),
        }
    }
    /// Each value given overrides the file's.
    pub fn overridden(self, other: Product) -> Product {
        Product {
            vendor: other.vendor.or(self.vendor),
            name: other.name.or(self.name),
            version: other.version.or(self.version),
        }
    }
    pub fn complete(&self) -> bool {
        [&self.vendor, &self.name, &self.version]
            .iter()
            .all(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()))
    }
}

/// A file put directly in the submission folder rather than in a scenario's
/// folder, and the scenarios it would fit.
#[derive(Debug, Clone, Serialize)]
pub struct LooseFile {
    pub name: String,
    pub fits: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Certification {
    pub profile: Profile,
    pub product: Product,
    pub spec_revision: String,
    pub revision_sha256: String,
    /// The revision folder the pack's revision was loaded from (`--spec-dir`),
    /// when it is not embedded: a certificate against a draft says so.
    pub revision_folder: Option<String>,
    pub pack_version: String,
    pub pack_sha256: String,
    pub scenarios: Vec<ScenarioResult>,
    pub files: Vec<JudgedFile>,
    /// Submission folders that are not scenarios of the profile (not judged),
    /// with a note for a withdrawn scenario.
    pub ignored: Vec<String>,
    pub withdrawn: Vec<pack::Withdrawn>,
    /// Files directly in the submission folder (not judged).
    pub loose: Vec<LooseFile>,
    pub generated_at: String,
    /// The language of the findings, the JUnit report and the summary.
    pub lang: Lang,
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
    #[serde(default)]
    imported: bool,
    /// For a refusal scenario: the product refused the files.
    #[serde(default)]
    refused: bool,
    checked_by: String,
    /// For a refusal: what the product said.
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    notes: Option<String>,
}

/// The commit the binary was built from (`unknown` outside a git checkout).
pub const HARNESS_COMMIT: &str = match option_env!("CAREPLAN_CONFORMANCE_COMMIT") {
    Some(c) => c,
    None => "unknown",
};

/// SHA-256 of a revision's data, embedded or loaded from a folder (its JSON
/// files, as [`pack::files_sha256`]: `sha256sum *.json | sha256sum` in its
/// folder).
pub fn revision_sha256(revision: &str) -> Option<String> {
    crate::spec::revision_sha256(revision)
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

/// The fields of a 第2表 (UP2KYO) row that belong to its group rather than
/// to the row: 課題 (No.7) to the 課題ＮＯ (No.6); 長期目標, 短期目標 and
/// their periods (Nos.9–12) to the 援助目標ＮＯ (No.8) under it. The annex
/// writes them on the group's first row (「同じ課題・長期目標・短期目標が
/// 続く場合、1行目だけ値を出力し2行目以降は出力しない」) and allows them on
/// every row: 「計画書２表の出力元システムにおいて、各行で同じ内容を印刷する
/// 制御を行っている場合は集約する必要はない」. A later row's empty group
/// field takes the group's first value, so both forms compare equal and a
/// differing repeated value still differs. UPYOBO_SUB is compared as written:
/// its annex says 「NO以外の項目は最初の行のみに内容を記載して2回目以降は空欄と
/// する」 and allows no other form.
const PLAN2_GROUPS: [(&[usize], &[usize]); 2] = [(&[6], &[7]), (&[6, 8], &[9, 10, 11, 12])];
/// The plan a 第2表 row belongs to: 保険者番号, 被保険者番号,
/// 居宅サービス計画作成（変更）日.
const PLAN2_KEY: [usize; 3] = [2, 3, 5];

fn is_empty(v: &crate::model::Value) -> bool {
    match v {
        crate::model::Value::Empty => true,
        crate::model::Value::Text(t) => t.is_empty(),
        _ => false,
    }
}

/// A group of a 第2表: its index in [`PLAN2_GROUPS`] and the values of its key.
type GroupKey = (usize, Vec<crate::model::Value>);

/// Fills the group fields of a 第2表's later rows from the group's first
/// row (see [`PLAN2_GROUPS`]).
fn fill_plan2_groups(f: &mut golden::ModelFile) {
    use crate::model::{Record, Value};
    if f.kind != "UP2KYO" {
        return;
    }
    // (group, key) → the group's first values; a plan has few groups.
    let mut seen: Vec<(GroupKey, Vec<Value>)> = Vec::new();
    for r in &mut f.model.records {
        let Record::Fields(vals) = r else { continue };
        if vals.len() < 12 {
            continue;
        }
        for (g, (keys, fields)) in PLAN2_GROUPS.iter().enumerate() {
            let key: Vec<Value> = PLAN2_KEY
                .iter()
                .chain(keys.iter())
                .map(|n| vals[n - 1].clone())
                .collect();
            if key[PLAN2_KEY.len()..].iter().any(is_empty) {
                continue;
            }
            match seen.iter().find(|(k, _)| k.0 == g && k.1 == key) {
                Some((_, first)) => {
                    for (n, v) in fields.iter().zip(first) {
                        if is_empty(&vals[n - 1]) {
                            vals[n - 1] = v.clone();
                        }
                    }
                }
                None => {
                    seen.push((
                        (g, key),
                        fields.iter().map(|n| vals[n - 1].clone()).collect(),
                    ));
                }
            }
        }
    }
}

/// The sender and receiver a file name gives.
fn parties(
    name: &str,
    rev: &Revision,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    let (p, _) = crate::input::filename::parse(name, rev);
    (p.sender, p.sender_kind, p.receiver, p.receiver_kind)
}

/// Pairs of an expected and a submitted file with their comparison, the
/// expected files without a match, and the submitted files left over.
type Pairing<'a> = (
    Vec<(
        &'a golden::ModelFile,
        &'a golden::ModelFile,
        golden::FileComparison,
    )>,
    Vec<&'a golden::ModelFile>,
    Vec<&'a golden::ModelFile>,
);

/// Pairs each expected file with the submitted file that fits it best: of
/// the same kind and month, naming the same parties first, then with the
/// fewest differing records and fields. Returns the comparisons of the
/// pairs, the expected files without a match and the submitted files left
/// over.
fn pair_files<'a>(
    expected: &'a [golden::ModelFile],
    found: &'a [golden::ModelFile],
    rev: &Revision,
    show_personal: bool,
) -> Pairing<'a> {
    let mut candidates = Vec::new();
    for (i, e) in expected.iter().enumerate() {
        for (j, f) in found.iter().enumerate() {
            if f.kind != e.kind || f.month != e.month {
                continue;
            }
            let c = golden::compare(
                std::slice::from_ref(e),
                std::slice::from_ref(f),
                show_personal,
            )
            .into_iter()
            .next()
            .expect("one pair, one comparison");
            let records = c.differences.len();
            let fields: usize = c.differences.iter().map(|d| d.fields.len()).sum();
            let same_parties = parties(&e.name, rev) == parties(&f.name, rev);
            candidates.push(((!same_parties, records, fields, i, f.name.clone()), i, j, c));
        }
    }
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut e_used, mut f_used) = (vec![false; expected.len()], vec![false; found.len()]);
    let mut pairs = Vec::new();
    for (_, i, j, c) in candidates {
        if !e_used[i] && !f_used[j] {
            e_used[i] = true;
            f_used[j] = true;
            pairs.push((i, j, c));
        }
    }
    pairs.sort_by_key(|(i, _, _)| *i);
    (
        pairs
            .into_iter()
            .map(|(i, j, c)| (&expected[i], &found[j], c))
            .collect(),
        expected
            .iter()
            .zip(&e_used)
            .filter(|(_, u)| !**u)
            .map(|(e, _)| e)
            .collect(),
        found
            .iter()
            .zip(&f_used)
            .filter(|(_, u)| !**u)
            .map(|(f, _)| f)
            .collect(),
    )
}

/// Judges an attestation: an import the product performed, or for a
/// refusal scenario, defective files it refused.
fn judge_attestation(s: &Scenario, dir: &Path, r: &mut ScenarioResult, lang: Lang) {
    let att = dir.join("attestation.toml");
    let t = |ja: String, en: String| Text::new(ja, en).get(lang).to_string();
    let verdict = match std::fs::read_to_string(&att) {
        Err(_) => Err(if s.meta.refuse {
            t(
                "attestation.toml がありません（取込を拒んだことと製品のメッセージを申告するファイル）".into(),
                "no attestation.toml (the file attesting the refusal and the product's message)".into(),
            )
        } else {
            t(
                "attestation.toml がありません（取込の確認を申告するファイル）".into(),
                "no attestation.toml (the file attesting the import was checked)".into(),
            )
        }),
        Ok(text) => match toml::from_str::<Attestation>(&text) {
            Err(e) => Err(t(
                format!("attestation.toml を読めません: {}", e.to_string().trim()),
                format!("attestation.toml cannot be read: {}", e.to_string().trim()),
            )),
            Ok(a) if a.scenario != s.meta.id => Err(t(
                format!("attestation.toml の scenario が {} ではありません", s.meta.id),
                format!("the scenario of attestation.toml is not {}", s.meta.id),
            )),
            Ok(a) if a.checked_by.trim().is_empty() => Err(t(
                "attestation.toml の checked_by が空です".into(),
                "checked_by of attestation.toml is empty".into(),
            )),
            Ok(a) if s.meta.refuse && a.imported => Err(t(
                "attestation.toml で imported = true です（このシナリオのファイルは取り込まずに拒むものです）".into(),
                "attestation.toml says imported = true (this scenario's files are to be refused, not imported)".into(),
            )),
            Ok(a) if s.meta.refuse && !a.refused => Err(t(
                "attestation.toml に refused = true がありません".into(),
                "attestation.toml does not say refused = true".into(),
            )),
            Ok(a)
                if s.meta.refuse
                    && a.message.as_deref().is_none_or(|m| m.trim().is_empty()) =>
            {
                Err(t(
                    "attestation.toml の message（製品が表示したメッセージ）が空です".into(),
                    "message of attestation.toml (what the product showed) is empty".into(),
                ))
            }
            Ok(a) if !s.meta.refuse && a.refused => Err(t(
                "attestation.toml で refused = true です（このシナリオのファイルは取り込めるものです）".into(),
                "attestation.toml says refused = true (this scenario's files are to be imported)".into(),
            )),
            Ok(a) if !s.meta.refuse && !a.imported => Err(t(
                "attestation.toml で imported = false です".into(),
                "attestation.toml says imported = false".into(),
            )),
            Ok(a) => Ok(a),
        },
    };
    match verdict {
        Ok(a) => {
            r.status = if s.meta.refuse {
                Status::Refused
            } else {
                Status::Attested
            };
            let mut j = json!({ "checked_by": a.checked_by });
            if let Some(m) = a.message {
                j["message"] = json!(m);
            }
            if let Some(n) = a.notes {
                j["notes"] = json!(n);
            }
            r.attestation = Some(j);
            r.step("取込の申告", Vec::new(), lang);
        }
        Err(m) => {
            r.status = Status::Failed;
            r.step("取込の申告", vec![m], lang);
        }
    }
}

/// What every scenario of one certification is judged with.
#[derive(Clone, Copy)]
struct Judging<'a> {
    pack: &'a Pack,
    profile: &'a Profile,
    rev: &'static Revision,
    loose: &'a [LooseFile],
    lang: Lang,
    show_personal: bool,
}

/// Judges one submitted scenario folder.
fn judge(j: Judging, s: &Scenario, dir: &Path, required: bool) -> ScenarioResult {
    let Judging {
        pack,
        profile,
        rev,
        loose,
        lang,
        show_personal,
    } = j;
    let t = |ja: String, en: String| Text::new(ja, en).get(lang).to_string();
    let cells = pack.cells_for(profile, s);
    let mut r = ScenarioResult {
        id: s.meta.id.clone(),
        title: s.meta.title.clone(),
        required,
        cells: if cells.is_empty() {
            s.meta
                .basis
                .iter()
                .map(|b| t(format!("根拠: {b}"), format!("basis: {b}")))
                .collect()
        } else {
            cells.iter().map(|c| c.label()).collect()
        },
        status: Status::Passed,
        attestation: None,
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
        let fits: Vec<&str> = loose
            .iter()
            .filter(|l| l.fits.iter().any(|f| f == &s.meta.id))
            .map(|l| l.name.as_str())
            .collect();
        let msg = if fits.is_empty() {
            t(
                format!("{}/ がありません（提出されていません）", s.meta.id),
                format!("no {}/ (not submitted)", s.meta.id),
            )
        } else {
            t(
                format!(
                    "{id}/ がありません。提出フォルダの直下にある {} はこのシナリオのファイルに当たります。シナリオごとにシナリオIDの名前のフォルダ（{id}/）を作り、その中に入れてください",
                    fits.join("、"),
                    id = s.meta.id
                ),
                format!(
                    "no {id}/; {} directly in the submission folder fit this scenario. Make one folder per scenario, named by its ID ({id}/), and put them in it",
                    fits.join(", "),
                    id = s.meta.id
                ),
            )
        };
        r.steps.push(Step {
            name: "提出",
            passed: !required,
            problems: vec![msg.clone()],
        });
        if required {
            r.findings.push(problem(step_label("提出", lang), msg));
        }
        return r;
    }
    if !s.judged_on_files() {
        judge_attestation(s, dir, &mut r, lang);
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
            consistency: true,
            keep_keys: false,
        },
    );
    let o = Options {
        lang,
        show_personal,
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
        j["step"] = json!(step_label("規則", lang));
        r.findings.push(j);
        if f.severity() == Severity::Error {
            rule_problems.push(finding_line(f, &o));
        }
    }
    for e in &run.io_errors {
        let e = e.replace(&dir.display().to_string(), &s.meta.id);
        rule_problems.push(e.clone());
        r.findings.push(problem(step_label("規則", lang), e));
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
        let rt = crate::model::roundtrip::roundtrip(&name, &name, &bytes, rev, show_personal, lang);
        if rt.error.is_some() {
            rt_problems.push(t(
                format!("{name}: 標準仕様のファイル種別として読めないため、往復を確かめられません"),
                format!("{name}: not readable as a file kind of the standard, so its round trip cannot be checked"),
            ));
        } else if !rt.equivalent {
            for d in rt
                .differences
                .iter()
                .filter(|d| d.class != crate::model::roundtrip::Class::Ms932Form)
            {
                let at = match (d.record, d.field_no, &d.field_name) {
                    (Some(rec), Some(n), Some(fname)) => t(
                        format!("レコード{rec} 項目No.{n} {fname}"),
                        format!("record {rec} field No.{n} {fname}"),
                    ),
                    (Some(rec), _, _) => t(format!("レコード{rec}"), format!("record {rec}")),
                    _ => t("ファイル".into(), "file".into()),
                };
                let tag = |ja: bool| match (d.masked, ja) {
                    (false, _) => "",
                    (true, true) => "（マスク済み）",
                    (true, false) => " (masked)",
                };
                rt_problems.push(t(
                    format!(
                        "{name}: {at}: 正規形でない（{:?}）'{}' → '{}'{}",
                        d.class,
                        d.before,
                        d.after,
                        tag(true)
                    ),
                    format!(
                        "{name}: {at}: not canonical ({:?}) '{}' → '{}'{}",
                        d.class,
                        d.before,
                        d.after,
                        tag(false)
                    ),
                ));
            }
        }
    }
    r.step("往復（正規形）", rt_problems, lang);

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
        model_problems.push(t(
            format!("家族構成の画像ファイルが{want}件のはずが、{got}件です"),
            format!("{want} family-structure image file(s) expected, {got} found"),
        ));
    }
    let mut expected = golden::read_files(s.expected.clone(), rev);
    let mut found = golden::read_files(submitted, rev);
    for f in expected.iter_mut().chain(found.iter_mut()) {
        fill_plan2_groups(f);
    }
    let label = |f: &golden::ModelFile| match &f.month {
        Some(m) => format!("{} ({m})", f.kind),
        None => f.kind.clone(),
    };
    let (pairs, missing, extra) = pair_files(&expected, &found, rev, show_personal);
    for (e, f, c) in &pairs {
        let label = label(e);
        if parties(&e.name, rev) != parties(&f.name, rev) {
            model_problems.push(t(
                format!(
                    "{label}: 送信元・送信先がシナリオと異なります（期待 {}、提出 {}）",
                    e.name, f.name
                ),
                format!(
                    "{label}: the sender and receiver differ from the scenario's (expected {}, submitted {})",
                    e.name, f.name
                ),
            ));
        }
        for d in &c.differences {
            match d.what {
                "missing" => model_problems.push(t(
                    format!(
                        "{}: 期待されるレコード{}がありません",
                        f.name,
                        d.expected_record.unwrap_or(0)
                    ),
                    format!(
                        "{}: expected record {} is missing",
                        f.name,
                        d.expected_record.unwrap_or(0)
                    ),
                )),
                "unexpected" => model_problems.push(t(
                    format!(
                        "{}: レコード{}は期待されていません",
                        f.name,
                        d.found_record.unwrap_or(0)
                    ),
                    format!(
                        "{}: record {} is not expected",
                        f.name,
                        d.found_record.unwrap_or(0)
                    ),
                )),
                _ => {
                    for x in &d.fields {
                        let tag = |ja: bool| match (x.masked, ja) {
                            (false, _) => "",
                            (true, true) => "（マスク済み）",
                            (true, false) => " (masked)",
                        };
                        model_problems.push(t(
                            format!(
                                "{}: レコード{} 項目No.{} {}: 期待 '{}'、提出 '{}'{}",
                                f.name,
                                d.found_record.unwrap_or(0),
                                x.field_no,
                                x.field_name,
                                x.expected,
                                x.found,
                                tag(true)
                            ),
                            format!(
                                "{}: record {} field No.{} {}: expected '{}', submitted '{}'{}",
                                f.name,
                                d.found_record.unwrap_or(0),
                                x.field_no,
                                x.field_name,
                                x.expected,
                                x.found,
                                tag(false)
                            ),
                        ));
                    }
                }
            }
        }
    }
    for e in missing {
        model_problems.push(t(
            format!("{}: {} に当たるファイルがありません", label(e), e.name),
            format!("{}: no file matches {}", label(e), e.name),
        ));
    }
    for f in extra {
        model_problems.push(t(
            format!("{} はこのシナリオで出力されないはずのファイルです", f.name),
            format!("{} is a file this scenario does not output", f.name),
        ));
    }
    r.step("期待値との比較", model_problems, lang);
    if r.steps.iter().any(|s| !s.passed) {
        r.status = Status::Failed;
    }
    r
}

/// The scenarios of a profile a file put directly in the submission folder
/// fits: those with an expected (or, for an import, a given) file of the
/// same kind and month, naming the same parties if any does.
fn fits(pack: &Pack, profile: &Profile, name: &str, rev: &Revision) -> Vec<String> {
    let (p, _) = crate::input::filename::parse(name, rev);
    let Some(kind) = p.kind.clone() else {
        return Vec::new();
    };
    let ids: Vec<&String> = profile.required.iter().chain(&profile.optional).collect();
    let matching = |same_parties: bool| -> Vec<String> {
        ids.iter()
            .filter_map(|id| pack.scenario(id))
            .filter(|s| {
                let files = if s.judged_on_files() {
                    &s.expected
                } else {
                    &s.imports
                };
                files.iter().any(|(n, _)| {
                    let (q, _) = crate::input::filename::parse(n, rev);
                    q.kind.as_deref() == Some(kind.as_str())
                        && q.month == p.month
                        && (!same_parties || parties(n, rev) == parties(name, rev))
                })
            })
            .map(|s| s.meta.id.clone())
            .collect()
    };
    let exact = matching(true);
    if exact.is_empty() {
        matching(false)
    } else {
        exact
    }
}

/// Judges a submission against a profile. Personal data is masked in what
/// the certificate and its reports show ([`certify_showing`] to show it).
pub fn certify(
    pack: &Pack,
    profile: &Profile,
    submission: &Path,
    generated_at: &str,
    product: Product,
    lang: Lang,
) -> Result<Certification, String> {
    certify_showing(
        pack,
        profile,
        submission,
        generated_at,
        product,
        false,
        lang,
    )
}

/// [`certify`], showing personal data unmasked when `show_personal`.
pub fn certify_showing(
    pack: &Pack,
    profile: &Profile,
    submission: &Path,
    generated_at: &str,
    product: Product,
    show_personal: bool,
    lang: Lang,
) -> Result<Certification, String> {
    let rev = crate::spec::revision(&pack.meta.revision).ok_or_else(|| {
        format!(
            "the pack targets revision {}, which is neither embedded nor given with --spec-dir",
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
    let loose: Vec<LooseFile> = regular_files(submission)
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n != "attestation.toml")
        .map(|n| LooseFile {
            fits: fits(pack, profile, &n, rev),
            name: n,
        })
        .collect();
    let mut scenarios = Vec::new();
    let mut files = Vec::new();
    if submission.join("submission.toml").is_file() {
        let bytes = std::fs::read(submission.join("submission.toml"))
            .map_err(|e| format!("submission.toml: {e}"))?;
        files.push(JudgedFile {
            path: "submission.toml".to_string(),
            sha256: sha256_hex(&bytes),
        });
    }
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
        let j = Judging {
            pack,
            profile,
            rev,
            loose: &loose,
            lang,
            show_personal,
        };
        scenarios.push(judge(j, s, &dir, *required));
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
    let withdrawn = ignored
        .iter()
        .filter_map(|n| pack.withdrawn(n).cloned())
        .collect();
    Ok(Certification {
        profile: profile.clone(),
        product,
        spec_revision: pack.meta.revision.clone(),
        revision_sha256: revision_sha256(&pack.meta.revision).unwrap_or_default(),
        revision_folder: match crate::spec::origin(rev) {
            crate::spec::Origin::Folder { dir, .. } => Some(dir.display().to_string()),
            crate::spec::Origin::Embedded => None,
        },
        pack_version: pack.meta.version.clone(),
        pack_sha256: pack.sha256.clone(),
        scenarios,
        files,
        ignored,
        withdrawn,
        loose,
        generated_at: generated_at.to_string(),
        lang,
    })
}

/// The format of certificate.json, for readers of older and newer ones; it
/// names its schema, `schemas/certificate.v1.json`.
pub const CERTIFICATE_FORMAT: &str = "careplan-conformance-certificate/1";

pub fn certificate_json(c: &Certification) -> String {
    let doc = json!({
        "format": CERTIFICATE_FORMAT,
        "product": c.product,
        "profile": c.profile.id,
        "profile_title": c.profile.title,
        "profile_role": c.profile.role,
        "profile_column": c.profile.column,
        "spec_revision": c.spec_revision,
        "revision_sha256": c.revision_sha256,
        "pack_version": c.pack_version,
        "pack_sha256": c.pack_sha256,
        "harness_version": env!("CARGO_PKG_VERSION"),
        "harness_commit": HARNESS_COMMIT,
        "verdict": if c.passed() { "passed" } else { "failed" },
        "scenarios": c.scenarios,
        "files": c.files,
        "ignored_folders": c.ignored,
        "withdrawn_folders": c.withdrawn,
        "loose_files": c.loose,
        "generated_at": c.generated_at,
    });
    // Judged against a folder given on the command line (a draft), not the
    // revision built in: the certificate says so, beside the folder's hash.
    let mut doc = doc;
    if let (Some(dir), Some(m)) = (&c.revision_folder, doc.as_object_mut()) {
        m.insert("revision_source".into(), json!("folder"));
        m.insert("revision_folder".into(), json!(dir));
    }
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
                    ("status".into(), s.status.label(c.lang).to_string()),
                    ("pack_version".into(), c.pack_version.clone()),
                ],
                cases: s
                    .steps
                    .iter()
                    .map(|t| Case {
                        name: format!("{} {}", s.id, step_label(t.name, c.lang)),
                        classname: s.id.clone(),
                        outcome: if s.status == Status::NotSubmitted {
                            Outcome::Skipped {
                                message: Text::new(
                                    "任意のシナリオで、提出されていません",
                                    "an optional scenario, not submitted",
                                )
                                .get(c.lang)
                                .into(),
                            }
                        } else if t.passed {
                            Outcome::Passed
                        } else {
                            Outcome::Failure {
                                kind: step_label(t.name, c.lang).to_string(),
                                message: match c.lang {
                                    Lang::Ja => format!("{}件", t.problems.len()),
                                    Lang::En => count(t.problems.len(), "problem"),
                                },
                                text: t.problems.join("\n"),
                            }
                        },
                    })
                    .collect(),
                system_out: format!("{} {}: {}", s.id, s.title, s.status.label(c.lang)),
            })
            .collect(),
    };
    report.to_xml()
}

/// A short summary in Markdown, to read or attach, in the language of the
/// certification.
pub fn summary_markdown(c: &Certification) -> String {
    let lang = c.lang;
    let ja = lang == Lang::Ja;
    let t = |j: &'static str, e: &'static str| if ja { j } else { e };
    let mut s = String::new();
    s.push_str(t(
        "# ケアプランデータ連携 試験結果\n\n",
        "# Care plan data exchange: test result\n\n",
    ));
    let none = t("（記載なし）", "(not given)");
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| none.to_string());
    let (name, version, vendor) = (
        or_none(&c.product.name),
        or_none(&c.product.version),
        or_none(&c.product.vendor),
    );
    s.push_str(&if ja {
        format!("- 製品: {name} {version}（{vendor}）\n")
    } else {
        format!("- product: {name} {version} ({vendor})\n")
    });
    s.push_str(&if ja {
        format!(
            "- プロファイル: {}（{}）: {}\n",
            c.profile.id, c.profile.title, c.profile.column
        )
    } else {
        format!(
            "- profile: {} ({}): {}\n",
            c.profile.id, c.profile.title, c.profile.column
        )
    });
    s.push_str(&if ja {
        format!(
            "- 標準仕様 {}版 / シナリオパック {} / careplan-conformance {}（{}）\n",
            c.spec_revision,
            c.pack_version,
            env!("CARGO_PKG_VERSION"),
            HARNESS_COMMIT
        )
    } else {
        format!(
            "- revision {} of the standard / scenario pack {} / careplan-conformance {} ({})\n",
            c.spec_revision,
            c.pack_version,
            env!("CARGO_PKG_VERSION"),
            HARNESS_COMMIT
        )
    });
    if let Some(dir) = &c.revision_folder {
        s.push_str(&if ja {
            format!(
                "- 標準仕様のデータ: 組み込みではなく版のフォルダ {}（SHA-256 {}）\n",
                dir, c.revision_sha256
            )
        } else {
            format!(
                "- data of the standard: the revision folder {} instead of the embedded data (SHA-256 {})\n",
                dir, c.revision_sha256
            )
        });
    }
    s.push_str(&format!(
        "- {}: {}\n",
        t("作成日時", "generated at"),
        c.generated_at
    ));
    s.push_str(&format!(
        "- {}: **{}**\n\n",
        t("判定", "verdict"),
        match (c.passed(), ja) {
            (true, true) => "合格",
            (false, true) => "不合格",
            (true, false) => "passed",
            (false, false) => "failed",
        }
    ));
    s.push_str(t(
        "| シナリオ | 区分 | 表の欄 | 結果 | 所見 |\n|---|---|---|---|---|\n",
        "| scenario | kind | table cells | result | problems |\n|---|---|---|---|---|\n",
    ));
    for r in &c.scenarios {
        let n = r
            .steps
            .iter()
            .map(|t| if t.passed { 0 } else { t.problems.len() })
            .sum::<usize>();
        s.push_str(&format!(
            "| {} {} | {} | {} | {} | {} |\n",
            r.id,
            r.title,
            match (r.required, ja) {
                (true, true) => "必須",
                (false, true) => "任意",
                (true, false) => "required",
                (false, false) => "optional",
            },
            r.cells.join("<br>").replace('|', "｜"),
            r.status.label(lang),
            match (n, ja) {
                (0, _) => String::new(),
                (_, true) => format!("{n}件"),
                (_, false) => n.to_string(),
            }
        ));
    }
    let refused: Vec<&ScenarioResult> = c
        .scenarios
        .iter()
        .filter(|r| r.status == Status::Refused)
        .collect();
    if !refused.is_empty() {
        s.push_str(t(
            "\n## 取込を拒んだときの製品のメッセージ（申告）\n\n",
            "\n## What the product said when it refused an import (attested)\n\n",
        ));
        for r in refused {
            let m = r
                .attestation
                .as_ref()
                .and_then(|a| a["message"].as_str())
                .unwrap_or_default();
            s.push_str(&format!("- {}: {}\n", r.id, m.replace('|', "｜")));
        }
    }
    let failed: Vec<&ScenarioResult> = c.scenarios.iter().filter(|r| !r.status.ok()).collect();
    if !failed.is_empty() {
        s.push_str(t("\n## 不合格の理由\n\n", "\n## Why it failed\n\n"));
        for r in failed {
            for st in r.steps.iter().filter(|t| !t.passed) {
                let step = step_label(st.name, lang);
                for p in st.problems.iter().take(20) {
                    s.push_str(&if ja {
                        format!("- {}（{step}）: {}\n", r.id, p.replace('|', "｜"))
                    } else {
                        format!("- {} ({step}): {}\n", r.id, p.replace('|', "｜"))
                    });
                }
                if st.problems.len() > 20 {
                    let more = st.problems.len() - 20;
                    s.push_str(&if ja {
                        format!(
                            "- {}（{step}）: ほか{more}件（certificate.json を参照）\n",
                            r.id
                        )
                    } else {
                        format!("- {} ({step}): {more} more (see certificate.json)\n", r.id)
                    });
                }
            }
        }
    }
    let notes = layout_notes(c, lang);
    if !notes.is_empty() {
        s.push('\n');
        for n in notes {
            s.push_str(&n);
            s.push('\n');
        }
    }
    s.push_str(&if ja {
        format!(
            "\n判定したファイル: {}件（SHA-256 は certificate.json）\n",
            c.files.len()
        )
    } else {
        format!(
            "\nfiles judged: {} (their SHA-256 in certificate.json)\n",
            c.files.len()
        )
    });
    s
}

/// Notes on how the submission is laid out: files put directly in the
/// submission folder, withdrawn scenarios, folders not judged.
fn layout_notes(c: &Certification, lang: Lang) -> Vec<String> {
    let mut v = Vec::new();
    if !c.loose.is_empty() {
        v.push(match lang {
            Lang::Ja => format!(
                "提出フォルダの直下に{}件のファイルがあります（判定していません）。シナリオごとにシナリオIDの名前のフォルダを作り、その中に製品が出力したファイルを入れてください:",
                c.loose.len()
            ),
            Lang::En => format!(
                "{} file(s) lie directly in the submission folder (not judged). Make one folder per scenario, named by its ID, and put the product's files in it:",
                c.loose.len()
            ),
        });
        for l in &c.loose {
            v.push(match (lang, l.fits.is_empty()) {
                (Lang::Ja, true) => format!("  {} → 当たるシナリオがありません", l.name),
                (Lang::En, true) => format!("  {} → fits no scenario of this profile", l.name),
                (Lang::Ja, false) => format!("  {} → {}/", l.name, l.fits.join("/ または ")),
                (Lang::En, false) => format!("  {} → {}/", l.name, l.fits.join("/ or ")),
            });
        }
    }
    for w in &c.withdrawn {
        v.push(match lang {
            Lang::Ja => format!(
                "{}/ はパック {} で取り下げられたシナリオです（代わり: {}）: {}",
                w.id,
                w.since,
                w.replaced_by.join("、"),
                w.reason
            ),
            Lang::En => format!(
                "{}/ is a scenario withdrawn in pack {} (replaced by {})",
                w.id,
                w.since,
                w.replaced_by.join(", ")
            ),
        });
    }
    let other: Vec<&String> = c
        .ignored
        .iter()
        .filter(|n| !c.withdrawn.iter().any(|w| &w.id == *n))
        .collect();
    if !other.is_empty() {
        v.push(format!(
            "{}: {}",
            Text::new(
                "このプロファイルのシナリオではないフォルダ（判定していません）",
                "folders that are not scenarios of this profile (not judged)"
            )
            .get(lang),
            other
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    v
}

/// A step as the certificate's findings name it: in Japanese its short
/// name (`往復`, `期待値`), in English its name.
fn finding_step(name: &'static str, lang: Lang) -> &'static str {
    match (lang, name) {
        (Lang::Ja, "往復（正規形）") => "往復",
        (Lang::Ja, "期待値との比較") => "期待値",
        _ => step_label(name, lang),
    }
}

/// A step's name in `lang` (the Japanese name is its key).
fn step_label(name: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => name,
        Lang::En => step_en(name),
    }
}

/// A step's name in English.
fn step_en(name: &'static str) -> &'static str {
    match name {
        "提出" => "submission",
        "規則" => "rules",
        "往復（正規形）" => "round trip",
        "期待値との比較" => "expected model",
        "取込の申告" => "attestation",
        other => other,
    }
}

/// A one-screen summary for the terminal.
pub fn human(c: &Certification, out_dir: &Path, signed: bool, lang: Lang) -> String {
    let mut s = String::new();
    for r in &c.scenarios {
        let status = match lang {
            Lang::Ja => r.status.ja(),
            Lang::En => r.status.en(),
        };
        let req = match (lang, r.required) {
            (Lang::Ja, true) => "必須",
            (Lang::Ja, false) => "任意",
            (Lang::En, true) => "required",
            (Lang::En, false) => "optional",
        };
        s.push_str(&format!("{:<40} {req:<4} {status}\n", r.id));
        for t in r
            .steps
            .iter()
            .filter(|t| !t.passed && r.status != Status::NotSubmitted)
        {
            let step = step_label(t.name, lang);
            for p in t.problems.iter().take(5) {
                s.push_str(&format!("    {step}: {p}\n"));
            }
            if t.problems.len() > 5 {
                s.push_str(&format!(
                    "    {step}: {}\n",
                    match lang {
                        Lang::Ja => format!("ほか{}件", t.problems.len() - 5),
                        Lang::En => format!("… {} more", t.problems.len() - 5),
                    }
                ));
            }
        }
    }
    let notes = layout_notes(c, lang);
    if !notes.is_empty() {
        s.push('\n');
        for n in notes {
            s.push_str(&n);
            s.push('\n');
        }
    }
    let verdict = Text::new(
        if c.passed() { "合格" } else { "不合格" },
        if c.passed() { "passed" } else { "failed" },
    );
    let written = if signed {
        "certificate.json, certificate.json.sig, junit.xml, summary.md"
    } else {
        "certificate.json, junit.xml, summary.md"
    };
    s.push_str(&match lang {
        Lang::Ja => format!(
            "\ncertify {}（パック {}、標準仕様 {}版）: {}\n{} を {} に書きました\n",
            c.profile.id,
            c.pack_version,
            c.spec_revision,
            verdict.get(lang),
            written,
            out_dir.display()
        ),
        Lang::En => format!(
            "\ncertify {} (pack {}, revision {}): {}\n{} written in {}\n",
            c.profile.id,
            c.pack_version,
            c.spec_revision,
            verdict.get(lang),
            written,
            out_dir.display()
        ),
    });
    s
}

/// The checklist a vendor follows: what to enter and what to submit where.
/// The scenarios' titles and descriptions are the pack's, in Japanese (what
/// is entered into a Japanese product); the rest is in `lang`.
pub fn checklist(pack: &Pack, profile: &Profile, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut s = if ja {
        format!(
            "# {}：{} のシナリオ（パック {}、標準仕様 {}版）\n\n提出するフォルダ（`--submission`）の中に、シナリオごとにシナリオIDの名前のフォルダを作り、製品が出力したファイルをそのまま入れる。取込のみのシナリオは、取り込んで結果を確かめたうえで attestation.toml を置く。\n\n```toml\nscenario = \"シナリオID\"\nimported = true\nchecked_by = \"確認した人\"\nnotes = \"確認した内容\"\n```\n\n取込拒否のシナリオ（欠陥のあるファイル）は、製品が取り込みを拒んだことを確かめ、製品が表示したメッセージを書く。\n\n```toml\nscenario = \"シナリオID\"\nrefused = true\nchecked_by = \"確認した人\"\nmessage = \"製品が表示したメッセージ\"\n```\n\n製品名・版・ベンダー名は提出フォルダの submission.toml に書く（certify の --vendor, --product, --product-version でも指定できる）。\n\n```toml\nvendor = \"ベンダー名\"\nproduct = \"製品名\"\nversion = \"製品の版\"\n```\n",
            profile.id, profile.title, pack.meta.version, pack.meta.revision
        )
    } else {
        format!(
            "# {}: the scenarios of {} (pack {}, revision {} of the standard)\n\nIn the folder you submit (`--submission`), make one folder per scenario, named by the scenario's ID, and put in it the files the product exported, as they are. For a scenario that only imports, import the files, check the result, and put an attestation.toml there.\n\n```toml\nscenario = \"SCENARIO-ID\"\nimported = true\nchecked_by = \"who checked\"\nnotes = \"what was checked\"\n```\n\nFor a refusal scenario (defective files), check that the product refuses to import them and write down the message it shows.\n\n```toml\nscenario = \"SCENARIO-ID\"\nrefused = true\nchecked_by = \"who checked\"\nmessage = \"what the product showed\"\n```\n\nThe product's name, version and vendor go in submission.toml in the submission folder (or certify's --vendor, --product, --product-version).\n\n```toml\nvendor = \"vendor\"\nproduct = \"product\"\nversion = \"version\"\n```\n",
            profile.id, profile.title, pack.meta.version, pack.meta.revision
        )
    };
    for (id, required) in profile
        .required
        .iter()
        .map(|x| (x, true))
        .chain(profile.optional.iter().map(|x| (x, false)))
    {
        let Some(sc) = pack.scenario(id) else {
            continue;
        };
        let kind = match (sc.meta.direction, sc.meta.reply, sc.meta.refuse, ja) {
            (pack::Direction::Output, _, _, true) => "出力",
            (pack::Direction::Import, _, true, true) => "取込拒否（申告）",
            (pack::Direction::Import, true, _, true) => "取込と返信の出力",
            (pack::Direction::Import, false, _, true) => "取込（申告）",
            (pack::Direction::Output, _, _, false) => "export",
            (pack::Direction::Import, _, true, false) => "refusal (attested)",
            (pack::Direction::Import, true, _, false) => "import and reply",
            (pack::Direction::Import, false, _, false) => "import (attested)",
        };
        let req = match (required, ja) {
            (true, true) => "必須",
            (false, true) => "任意",
            (true, false) => "required",
            (false, false) => "optional",
        };
        s.push_str(&if ja {
            format!(
                "\n## {id}：{}（{req}・{kind}）\n\n{}\n",
                sc.meta.title, sc.meta.description
            )
        } else {
            format!(
                "\n## {id}: {} ({req}, {kind})\n\n{}\n",
                sc.meta.title, sc.meta.description
            )
        });
        let cells = pack.cells_for(profile, sc);
        if !cells.is_empty() {
            s.push_str(if ja {
                "\n標準仕様の表の欄:\n"
            } else {
                "\nCells of the standard's tables:\n"
            });
            for c in cells {
                s.push_str(&format!("- {}\n", c.label()));
            }
        } else if let Some(b) = &sc.meta.basis {
            s.push_str(&if ja {
                format!("\n根拠: {b}\n")
            } else {
                format!("\nBasis: {b}\n")
            });
        }
        if !sc.imports.is_empty() {
            s.push_str(&if ja {
                format!("\n取り込むファイル（{id}/import/）:\n")
            } else {
                format!("\nFiles to import ({id}/import/):\n")
            });
            for (n, _) in &sc.imports {
                s.push_str(&format!("- {n}\n"));
            }
        }
        s.push_str(&match (sc.meta.direction, sc.meta.reply, ja) {
            (pack::Direction::Import, false, true) if sc.meta.refuse => {
                format!("\n提出: {id}/attestation.toml（refused = true と製品のメッセージ）\n")
            }
            (pack::Direction::Import, false, false) if sc.meta.refuse => format!(
                "\nSubmit: {id}/attestation.toml (refused = true and the product's message)\n"
            ),
            (pack::Direction::Import, false, true) => format!("\n提出: {id}/attestation.toml\n"),
            (pack::Direction::Import, false, false) => {
                format!("\nSubmit: {id}/attestation.toml\n")
            }
            (_, _, true) => format!("\n提出: 製品が出力したファイルを {id}/ に入れる\n"),
            (_, _, false) => format!("\nSubmit: the files the product exported, in {id}/\n"),
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
    lang: Lang,
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
        if sc.meta.refuse {
            // The defect is the point: written byte for byte, not rewritten.
            for (name, bytes) in &sc.imports {
                let p = dir.join(name);
                std::fs::write(&p, bytes)?;
                written.push(p);
            }
            continue;
        }
        for f in golden::read_files(sc.imports.clone(), rev) {
            let (bytes, _) = crate::model::write(f.layout, &f.model);
            let p = dir.join(&f.name);
            std::fs::write(&p, bytes)?;
            written.push(p);
        }
    }
    let p = out.join("checklist.md");
    std::fs::write(&p, checklist(pack, profile, lang))?;
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
