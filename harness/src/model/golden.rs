//! Golden models: what the harness reads from each conforming case, stored
//! under `golden/` as canonical JSON, so that a change in the harness or the
//! spec data that changes meaning shows up as a diff. Also the scenario
//! comparison of a vendor's export with an expected model, and the emission
//! of canonical reference files.

use std::path::{Path, PathBuf};

use serde_json::{json, Value as Json};
use similar::TextDiff;

use crate::cases::tree::{Folder, Kind};
use crate::cases::Case;
use crate::input::filename;
use crate::model::{self, FileModel, Record, Value};
use crate::spec::{KindSpec, Revision, Role};

/// A file of a case or an export, read into the model.
pub struct ModelFile {
    pub name: String,
    pub kind: String,
    pub month: Option<String>,
    pub layout: &'static KindSpec,
    pub model: FileModel,
    pub bytes: Vec<u8>,
}

/// Reads every file of `dir` (not recursive, links not followed) whose name
/// gives a kind with a layout.
pub fn read_dir(dir: &Path, rev: &'static Revision) -> std::io::Result<Vec<ModelFile>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.symlink_metadata().is_ok_and(|m| m.is_file()))
        .collect();
    entries.sort();
    let mut files = Vec::new();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((name, std::fs::read(&p)?));
    }
    Ok(read_files(files, rev))
}

/// Reads the files a case checks (its own, or its base's with its edits
/// applied) into the model.
pub fn read_case(case: &Case, rev: &'static Revision) -> std::io::Result<Vec<ModelFile>> {
    let files = crate::cases::files(case).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(read_files(files, rev))
}

/// Reads files given as (name, bytes) into the model; files whose name
/// gives no kind with a layout are left out.
pub fn read_files(files: Vec<(String, Vec<u8>)>, rev: &'static Revision) -> Vec<ModelFile> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        let (fname, _) = filename::parse(&name, rev);
        let Some(layout) = fname
            .kind
            .as_deref()
            .and_then(|k| rev.layout(k))
            .filter(|l| l.format == crate::spec::FileFormat::Csv)
        else {
            continue;
        };
        let model = model::parse(&bytes, layout).model;
        out.push(ModelFile {
            name,
            kind: layout.kind.clone(),
            month: fname.month,
            layout,
            model,
            bytes,
        });
    }
    out
}

/// The golden JSON of a case: its files' models, by file name.
pub fn case_json(case: &Case, files: &[ModelFile]) -> Json {
    let mut by_file = serde_json::Map::new();
    for f in files {
        by_file.insert(f.name.clone(), model::model_json(f.layout, &f.model));
    }
    json!({
        "case": case.manifest.id,
        "revision": case.manifest.revision,
        "files": by_file,
    })
}

pub fn pretty(j: &Json) -> String {
    let mut s = serde_json::to_string_pretty(j).unwrap_or_default();
    s.push('\n');
    s
}

/// A unified diff, for people.
pub fn unified(before: &str, after: &str, from: &str, to: &str) -> String {
    TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(from, to)
        .to_string()
}

/// One golden file that differs from what the harness reads today.
#[derive(Debug)]
pub struct GoldenDiff {
    pub path: PathBuf,
    /// The unified diff (stored → now), or why there is nothing to compare.
    pub diff: String,
    /// The JSON as read now (what `bless` writes); `None` for a stale file.
    pub now: Option<String>,
}

/// The conforming cases (conformant = true) whose revision is embedded.
pub fn golden_cases(cases: &[Case]) -> Vec<&Case> {
    cases
        .iter()
        .filter(|c| c.manifest.conformant == Some(true))
        .filter(|c| crate::spec::revision(&c.manifest.revision).is_some())
        .collect()
}

pub fn golden_path(golden: &Path, case: &Case) -> PathBuf {
    golden.join(format!("{}.json", case.manifest.id))
}

/// Compares every conforming case with its stored golden model, in a folder
/// on disk or the built-in `golden/`.
pub fn check(
    cases: &[Case],
    golden: &Folder,
    lang: crate::finding::Lang,
) -> std::io::Result<Vec<GoldenDiff>> {
    let ja = lang == crate::finding::Lang::Ja;
    let mut out = Vec::new();
    let mut expected_files = Vec::new();
    for case in golden_cases(cases) {
        let rev =
            crate::spec::revision(&case.manifest.revision).expect("filtered on embedded revisions");
        let files = read_case(case, rev)?;
        let now = pretty(&case_json(case, &files));
        let path = golden_path(&golden.path, case);
        expected_files.push(path.clone());
        match golden.tree.read_to_string(&path) {
            Ok(stored) if stored == now => {}
            Ok(stored) => out.push(GoldenDiff {
                diff: unified(
                    &stored,
                    &now,
                    &if ja {
                        format!("{}（保存済み）", path.display())
                    } else {
                        format!("{} (stored)", path.display())
                    },
                    if ja { "（いま読んだもの）" } else { "(read now)" },
                ),
                path,
                now: Some(now),
            }),
            Err(_) => out.push(GoldenDiff {
                diff: if ja {
                    format!(
                        "{}: ゴールデンファイルがまだありません（`careplan-conformance golden bless` が書きます）\n",
                        path.display()
                    )
                } else {
                    format!(
                        "{}: no golden file yet (`careplan-conformance golden bless` writes it)\n",
                        path.display()
                    )
                },
                path,
                now: Some(now),
            }),
        }
    }
    if let Ok(entries) = golden.tree.entries(&golden.path) {
        let mut stale: Vec<PathBuf> = entries
            .into_iter()
            .filter(|(_, kind)| *kind != Kind::Dir)
            .map(|(name, _)| golden.path.join(name))
            .filter(|p| p.extension().is_some_and(|x| x == "json") && !expected_files.contains(p))
            .collect();
        stale.sort();
        for p in stale {
            out.push(GoldenDiff {
                diff: if ja {
                    format!("{}: この ID の適合ケースはもうありません\n", p.display())
                } else {
                    format!("{}: no conforming case has this id any more\n", p.display())
                },
                path: p,
                now: None,
            });
        }
    }
    Ok(out)
}

/// Rewrites the golden files that differ (in a folder on disk); returns
/// what changed.
pub fn bless(
    cases: &[Case],
    golden: &Path,
    lang: crate::finding::Lang,
) -> std::io::Result<Vec<GoldenDiff>> {
    let diffs = check(cases, &Folder::on_disk(golden), lang)?;
    std::fs::create_dir_all(golden)?;
    for d in &diffs {
        match &d.now {
            Some(now) => std::fs::write(&d.path, now)?,
            None => std::fs::remove_file(&d.path)?,
        }
    }
    Ok(diffs)
}

/// Writes the canonical CSVs of a case's files into `out`; returns their names.
pub fn emit(case: &Case, out: &Path) -> std::io::Result<Vec<String>> {
    let rev = crate::spec::revision(&case.manifest.revision).ok_or_else(|| {
        std::io::Error::other(format!(
            "revision {} is not embedded",
            case.manifest.revision
        ))
    })?;
    std::fs::create_dir_all(out)?;
    let mut names = Vec::new();
    let files = crate::cases::files(case).map_err(|e| std::io::Error::other(e.to_string()))?;
    // Images are not modelled: they are copied as they are.
    for (name, bytes) in &files {
        let (n, _) = filename::parse(name, rev);
        if n.kind
            .as_deref()
            .and_then(|k| rev.layout(k))
            .is_some_and(|l| l.format == crate::spec::FileFormat::Jpeg)
        {
            std::fs::write(out.join(name), bytes)?;
            names.push(name.clone());
        }
    }
    for f in read_files(files, rev) {
        let (bytes, _) = model::write(f.layout, &f.model);
        std::fs::write(out.join(&f.name), bytes)?;
        names.push(f.name);
    }
    Ok(names)
}

// ------------------------------------------------------------ comparison

/// Fields that legitimately differ between products: the creation date,
/// the updating office and the unused 識別子. (作成日時 lives in the name,
/// which the comparison does not use to pair files.)
pub fn ignored(f: &crate::spec::FieldSpec) -> bool {
    f.role == Some(Role::CreatedDate)
        || f.role == Some(Role::UpdatedBy)
        || f.role == Some(Role::Unused)
        // The image's name carries the 作成日時; REL-IMAGE-* check that it
        // names an image of the unit.
        || f.role == Some(Role::ImageName)
}

/// The sender and receiver segments of a file name (what is left without
/// the prefix, the month, the ファイル連番 and a branch).
fn parties(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let segs: Vec<&str> = stem.split('_').collect();
    segs.iter()
        .filter(|s| s.len() == 10 && s.bytes().all(|b| b.is_ascii_alphanumeric()) || s.len() == 2)
        .copied()
        .collect::<Vec<_>>()
        .join("_")
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FieldDiff {
    pub field_no: u16,
    pub field_name: String,
    pub expected: String,
    pub found: String,
    /// The values are masked (personal data, or a value whose meaning is
    /// uncertain); absent when they are shown as found.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub masked: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RecordDiff {
    /// The record in the expected file, when there is one.
    pub expected_record: Option<usize>,
    /// The record in the vendor's file, when there is one.
    pub found_record: Option<usize>,
    /// `changed` (fields differ), `missing` or `unexpected`.
    pub what: &'static str,
    pub fields: Vec<FieldDiff>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FileComparison {
    pub kind: String,
    pub month: Option<String>,
    pub expected_file: Option<String>,
    pub found_file: Option<String>,
    pub differences: Vec<RecordDiff>,
}

/// Whether a value is masked: personal data, or not what its field holds.
fn masks(f: &crate::spec::FieldSpec, v: &Value) -> bool {
    !matches!(v, Value::Empty) && f.masks(&model::write_value(Some(f), v))
}

fn shown(f: &crate::spec::FieldSpec, v: &Value, masked: bool) -> String {
    match v {
        Value::Empty => "(empty)".into(),
        _ if masked => {
            crate::report::printable(&crate::finding::mask(&model::write_value(Some(f), v)))
        }
        _ => crate::report::printable(&model::write_value(Some(f), v)),
    }
}

fn normalised(layout: &KindSpec, r: &Record) -> Record {
    match r {
        Record::Fields(vals) => Record::Fields(
            layout
                .fields
                .iter()
                .zip(vals)
                .map(|(f, v)| if ignored(f) { Value::Empty } else { v.clone() })
                .collect(),
        ),
        m => m.clone(),
    }
}

/// The values that identify a record for pairing, from the strictest (the
/// user, the date or month, the service and its day) to the loosest (the
/// user alone).
const PAIRING: [&[Role]; 3] = [
    &[
        Role::InsurerNumber,
        Role::InsuredNumber,
        Role::PlanDate,
        Role::ServiceMonth,
        Role::HosokuMonth,
        Role::ServiceCode,
        Role::UseDate,
    ],
    &[Role::InsurerNumber, Role::InsuredNumber, Role::ServiceCode],
    &[Role::InsurerNumber, Role::InsuredNumber],
];

fn pairing_key(layout: &KindSpec, r: &Record, roles: &[Role]) -> Vec<Value> {
    let Record::Fields(vals) = r else {
        return Vec::new();
    };
    roles
        .iter()
        .filter_map(|role| layout.field_by_role(*role))
        .map(|f| vals[usize::from(f.no) - 1].clone())
        .collect()
}

fn field_diffs(layout: &KindSpec, e: &Record, f: &Record, show_personal: bool) -> Vec<FieldDiff> {
    let (Record::Fields(e), Record::Fields(f)) = (e, f) else {
        return Vec::new();
    };
    layout
        .fields
        .iter()
        .zip(e.iter().zip(f))
        .filter(|(_, (x, y))| x != y)
        .map(|(spec, (x, y))| {
            // Both sides alike, so that the difference is what shows.
            let masked = !show_personal && (masks(spec, x) || masks(spec, y));
            FieldDiff {
                field_no: spec.no,
                field_name: spec.name.clone(),
                expected: shown(spec, x, masked),
                found: shown(spec, y, masked),
                masked,
            }
        })
        .collect()
}

fn compare_file(
    layout: &KindSpec,
    expected: &FileModel,
    found: &FileModel,
    show_personal: bool,
) -> Vec<RecordDiff> {
    let exp: Vec<(usize, Record)> = expected
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 1, normalised(layout, r)))
        .collect();
    let mut act: Vec<(usize, Record)> = found
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 1, normalised(layout, r)))
        .collect();
    // Equal records match whatever their order.
    let mut rest_exp = Vec::new();
    for (i, r) in exp {
        match act.iter().position(|(_, a)| *a == r) {
            Some(p) => {
                act.remove(p);
            }
            None => rest_exp.push((i, r)),
        }
    }
    // The rest pair by key, strictest first, in order.
    let mut out = Vec::new();
    let mut unpaired = rest_exp;
    for roles in PAIRING {
        let mut still = Vec::new();
        for (i, r) in unpaired {
            let key = pairing_key(layout, &r, roles);
            match act
                .iter()
                .position(|(_, a)| pairing_key(layout, a, roles) == key)
            {
                Some(p) => {
                    let (j, a) = act.remove(p);
                    out.push(RecordDiff {
                        expected_record: Some(i),
                        found_record: Some(j),
                        what: "changed",
                        fields: field_diffs(layout, &r, &a, show_personal),
                    });
                }
                None => still.push((i, r)),
            }
        }
        unpaired = still;
    }
    for (i, _) in unpaired {
        out.push(RecordDiff {
            expected_record: Some(i),
            found_record: None,
            what: "missing",
            fields: Vec::new(),
        });
    }
    for (j, _) in act {
        out.push(RecordDiff {
            expected_record: None,
            found_record: Some(j),
            what: "unexpected",
            fields: Vec::new(),
        });
    }
    out
}

/// An expected file and the vendor's file of the same kind and month.
type Pair<'a> = (Option<&'a ModelFile>, Option<&'a ModelFile>);

/// Compares a vendor's files with the expected ones, file kind by file kind
/// (and month), ignoring the fields that legitimately differ. Personal data
/// is masked in the values shown unless `show_personal`.
pub fn compare(
    expected: &[ModelFile],
    found: &[ModelFile],
    show_personal: bool,
) -> Vec<FileComparison> {
    // Each expected file is paired with a found file of the same kind and
    // month, naming the same sender and receiver if there is one; the
    // found files left over are unexpected.
    let mut used = vec![false; found.len()];
    let mut pairs: Vec<Pair> = Vec::new();
    for e in expected {
        let same = |f: &ModelFile| f.kind == e.kind && f.month == e.month;
        let pick = (0..found.len())
            .find(|&i| !used[i] && same(&found[i]) && parties(&found[i].name) == parties(&e.name))
            .or_else(|| (0..found.len()).find(|&i| !used[i] && same(&found[i])));
        if let Some(i) = pick {
            used[i] = true;
        }
        pairs.push((Some(e), pick.map(|i| &found[i])));
    }
    for (i, f) in found.iter().enumerate() {
        if !used[i] {
            pairs.push((None, Some(f)));
        }
    }
    pairs.sort_by_key(|(e, f)| {
        let m = e.or(*f).expect("a pair has a file");
        (m.kind.clone(), m.month.clone(), e.is_none())
    });
    pairs
        .into_iter()
        .map(|(e, f)| {
            let m = e.or(f).expect("a pair has a file");
            let (kind, month) = (m.kind.clone(), m.month.clone());
            let differences = match (e, f) {
                (Some(e), Some(f)) => compare_file(e.layout, &e.model, &f.model, show_personal),
                (Some(e), None) => (1..=e.model.records.len())
                    .map(|i| RecordDiff {
                        expected_record: Some(i),
                        found_record: None,
                        what: "missing",
                        fields: Vec::new(),
                    })
                    .collect(),
                (None, Some(f)) => (1..=f.model.records.len())
                    .map(|j| RecordDiff {
                        expected_record: None,
                        found_record: Some(j),
                        what: "unexpected",
                        fields: Vec::new(),
                    })
                    .collect(),
                (None, None) => Vec::new(),
            };
            FileComparison {
                kind,
                month,
                expected_file: e.map(|x| x.name.clone()),
                found_file: f.map(|x| x.name.clone()),
                differences,
            }
        })
        .collect()
}

pub fn comparison_human(c: &[FileComparison], lang: crate::finding::Lang) -> String {
    use crate::finding::Lang;
    let ja = lang == Lang::Ja;
    let none = if ja { "（なし）" } else { "(none)" };
    let mut s = String::new();
    for f in c {
        let label = match &f.month {
            Some(m) => format!("{} ({m})", f.kind),
            None => f.kind.clone(),
        };
        let (e, x) = (
            f.expected_file.as_deref().unwrap_or(none),
            f.found_file.as_deref().unwrap_or(none),
        );
        let files = if ja {
            format!("期待 {e}、提出 {x}")
        } else {
            format!("expected {e}, found {x}")
        };
        let n = f.differences.len();
        match (n, ja) {
            (0, true) => s.push_str(&format!("{label}: 一致（{files}）\n")),
            (0, false) => s.push_str(&format!("{label}: same ({files})\n")),
            (_, true) => s.push_str(&format!("{label}: 相違 {n}件（{files}）\n")),
            (_, false) => s.push_str(&format!(
                "{label}: {} ({files})\n",
                crate::report::count(n, "difference")
            )),
        }
        for d in &f.differences {
            let (er, fr) = (d.expected_record.unwrap_or(0), d.found_record.unwrap_or(0));
            match (d.what, ja) {
                ("missing", true) => {
                    s.push_str(&format!("  不足: 期待されるレコード{er}がありません\n"))
                }
                ("missing", false) => {
                    s.push_str(&format!("  missing: expected record {er} not found\n"))
                }
                ("unexpected", true) => {
                    s.push_str(&format!("  余分: レコード{fr}は期待されていません\n"))
                }
                ("unexpected", false) => s.push_str(&format!(
                    "  unexpected: found record {fr} is not expected\n"
                )),
                _ => {
                    s.push_str(&if ja {
                        format!("  レコード{fr}（期待のレコード{er}）:\n")
                    } else {
                        format!("  record {fr} (expected record {er}):\n")
                    });
                    for x in &d.fields {
                        let tag = match (x.masked, ja) {
                            (false, _) => "",
                            (true, true) => "（マスク済み）",
                            (true, false) => " (masked)",
                        };
                        s.push_str(&if ja {
                            format!(
                                "    項目No.{} {}: 期待 '{}'、提出 '{}'{tag}\n",
                                x.field_no, x.field_name, x.expected, x.found
                            )
                        } else {
                            format!(
                                "    field No.{} {}: expected '{}', found '{}'{tag}\n",
                                x.field_no, x.field_name, x.expected, x.found
                            )
                        });
                    }
                }
            }
        }
    }
    let n: usize = c.iter().map(|f| f.differences.len()).sum();
    s.push_str(&if ja {
        format!(
            "{}種類のファイルを比較（ファイル名の作成日時、作成年月日、更新業者コード、識別子は比較しません）: 相違 {n}件\n",
            c.len()
        )
    } else {
        format!(
            "{} compared, ignoring 作成日時 in names, 作成年月日, 更新業者コード and 識別子: {}\n",
            crate::report::count(c.len(), "file kind"),
            crate::report::count(n, "difference")
        )
    });
    s
}
