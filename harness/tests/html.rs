//! The HTML report (`check --format html`): what it shows of a bundled case,
//! the record table with its highlighted field, masking, escaping of file
//! content, determinism, its limits, and — with Debian's chromium — that it
//! renders in a real browser and that its filters work.

mod common;

use common::trials::{self, needs, CHROMIUM};

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use careplan_conformance::check_paths;
use careplan_conformance::finding::Lang;
use careplan_conformance::input::decode;
use careplan_conformance::report::html::{html, MAX_RECORD_TABLES_PER_FILE};
use careplan_conformance::report::{Options, Run};
use careplan_conformance::spec;

fn main() {
    let mut trials = trials![
        a_bundled_case_shows_its_finding_and_the_record_with_the_field_highlighted,
        the_summary_counts_per_send_unit_file_kind_file_and_rule,
        personal_data_is_masked_unless_asked,
        the_same_run_renders_byte_identical,
        file_content_is_escaped,
        a_utf8_file_with_a_bom_shows_its_records_decoded_as_utf8,
        the_report_reads_no_file_a_file_changed_or_gone_after_the_check_shows_what_was_checked,
        records_only_the_rules_across_files_point_at_are_shown_too,
        files_checked_in_memory_keep_the_records_the_rules_across_files_point_at,
        a_check_that_keeps_no_records_lists_its_findings_without_tables,
        record_tables_are_limited_per_file_and_the_report_says_so,
        english_labels_and_messages_with_lang_en,
        the_report_is_self_contained_and_shows_everything_without_javascript,
    ];
    trials.push(needs(
        &[&CHROMIUM],
        "the_report_renders_in_headless_chromium_and_its_filters_work",
        the_report_renders_in_headless_chromium_and_its_filters_work,
    ));
    trials::run(trials, &[&CHROMIUM]);
}

const UPPLAN: &str = "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";

fn check(path: &Path) -> Run {
    check_paths(&[path.to_path_buf()], spec::revision("4.1").unwrap())
}

fn case(id: &str) -> PathBuf {
    common::cases_tree().join("cases/field").join(id)
}

fn ja() -> Options {
    Options::default()
}

fn shown() -> Options {
    Options {
        show_personal: true,
        ..Default::default()
    }
}

/// A fresh, empty directory under the system's temporary directory.
fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("careplan-html-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Copies a bundled case's files (not its manifest) into `to`.
fn copy_case(id: &str, to: &Path) {
    for e in std::fs::read_dir(case(id)).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != "case.toml" {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// The opening tags that start with `start`, in document order.
fn open_tags<'a>(doc: &'a str, start: &str) -> Vec<&'a str> {
    doc.match_indices(start)
        .map(|(i, _)| {
            let end = doc[i..].find('>').unwrap();
            &doc[i..i + end + 1]
        })
        .collect()
}

/// The opening tags of the finding rows, in document order.
fn finding_tags(doc: &str) -> Vec<&str> {
    open_tags(doc, "<tbody class=\"finding")
}

fn a_bundled_case_shows_its_finding_and_the_record_with_the_field_highlighted() {
    let run = check(&case("date-april-31"));
    assert_eq!(run.findings().count(), 1, "the case has one finding");
    let h = html(&run, &ja());
    assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(h.ends_with("</html>\n"));
    // The finding row: rule, severity, level, line, record, byte, field, found, expected, message, spec reference.
    let tags = finding_tags(&h);
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert!(tags[0].contains("data-rule=\"FLD-DATE\" data-severity=\"error\""));
    assert!(h.contains(
        "<td class=\"rule\"><code>FLD-DATE</code></td><td><span class=\"sev error\">エラー</span></td><td class=\"lvl\">項目</td><td class=\"n\">2</td><td class=\"n\">2</td><td class=\"n\">231</td><td class=\"fld\">No.10 サービス利用日</td><td class=\"found\"><code>20250431</code></td><td>実在する日付 YYYYMMDD</td><td class=\"msg\">年月日（YYYYMMDD）として実在しない日付です</td>"
    ), "{h}");
    let spec_ref = careplan_conformance::rules::field::FLD_DATE.spec_ref;
    assert!(h.contains(&format!("<td class=\"ref\">{spec_ref}</td>")));
    // The record as a table, field No.10 highlighted and no other.
    assert_eq!(count(&h, "<table class=\"record\">"), 1);
    assert!(h.contains("レコード2の内容（25項目） — No.10 サービス利用日を強調"));
    assert!(h.contains(
        "<tr class=\"hit\"><td class=\"n\">10</td><td>サービス利用日</td><td><code>20250431</code></td></tr>"
    ));
    assert_eq!(count(&h, "class=\"hit"), 1);
    assert!(h.contains(
        "<tr><td class=\"n\">9</td><td>前月までの短期入所利用日数</td><td><code></code></td></tr>"
    ));
    // Free text is masked by character class.
    assert!(h.contains("<tr class=\"masked\"><td class=\"n\">21</td><td>サービス事業所名</td><td><code>漢漢漢漢漢漢アアーアアア</code></td></tr>"), "{h}");
}

fn the_summary_counts_per_send_unit_file_kind_file_and_rule() {
    let run = check(&case("date-april-31"));
    let h = html(&run, &ja());
    assert!(h.contains("<p class=\"verdict bad\">エラーがあります</p>"));
    assert!(h.contains("<tr><th>ファイル</th><td class=\"n\">3</td></tr>"));
    assert!(h.contains("<tr><th>エラー</th><td class=\"n err\">1</td></tr>"));
    assert!(h.contains("<tr><th>警告</th><td class=\"n\">0</td></tr>"));
    assert!(h.contains("<tr><th>読めなかったパス</th><td class=\"n\">0</td></tr>"));
    // One send unit: the folder, its ファイル連番, the parties, its three files.
    let dir = case("date-april-31").display().to_string();
    assert!(h.contains(&format!(
        "<tr><td><code>{dir}</code></td><td><code>20250325093000</code></td><td>1371000017（43） → 1371000025（11）</td><td class=\"kinds\"><span class=\"n\">3</span> UPHOSOKU, UPPLAN, UPSIKYU</td>"
    )), "{h}");
    // Per kind: the error is UPPLAN's.
    let upplan_kind = h
        .split("<tr><th><code>UPPLAN</code></th>")
        .nth(1)
        .and_then(|s| s.split("</tr>").next())
        .unwrap();
    assert!(
        upplan_kind.ends_with("<td class=\"n err\">1</td><td class=\"n\">0</td>"),
        "{upplan_kind}"
    );
    let hosoku_kind = h
        .split("<tr><th><code>UPHOSOKU</code></th>")
        .nth(1)
        .and_then(|s| s.split("</tr>").next())
        .unwrap();
    assert!(
        hosoku_kind.ends_with("<td class=\"n\">0</td><td class=\"n\">0</td>"),
        "{hosoku_kind}"
    );
    // Per file: the file with a finding links to its section.
    assert!(h.contains(&format!(
        "<a href=\"#file-1\"><code>{dir}/{UPPLAN}</code></a>"
    )));
    assert!(h.contains("<section class=\"file\" id=\"file-1\">"));
    assert_eq!(count(&h, "<section class=\"file\""), 1);
    // Per rule.
    assert!(h.contains("<tr><th><code>FLD-DATE</code></th><td><span class=\"sev error\">エラー</span></td><td>項目</td><td class=\"n\">1</td>"));
}

fn personal_data_is_masked_unless_asked() {
    // date-april-31: the record shown holds 被保険者番号 9900000011 and プラン担当者名 見本 ケア子.
    let run = check(&case("date-april-31"));
    let h = html(&run, &ja());
    assert!(!h.contains("9900000011"), "raw 被保険者番号 leaked");
    assert!(!h.contains("ケア子"), "raw プラン担当者名 leaked");
    assert!(h.contains("<tr class=\"masked\"><td class=\"n\">3</td><td>被保険者番号</td><td><code>9999999999</code></td></tr>"));
    assert!(h.contains("<tr class=\"masked\"><td class=\"n\">7</td><td>プラン担当者名</td><td><code>漢漢 アア漢</code></td></tr>"));
    let s = html(&run, &shown());
    assert!(s.contains(
        "<tr><td class=\"n\">3</td><td>被保険者番号</td><td><code>9900000011</code></td></tr>"
    ));
    assert!(s.contains(
        "<tr><td class=\"n\">7</td><td>プラン担当者名</td><td><code>見本 ケア子</code></td></tr>"
    ));
    assert!(!s.contains("class=\"masked\""));
    assert!(s.contains("<p class=\"personal\">"));

    // insured-9-digits: the offending field itself is personal, in the finding and in its record.
    let run = check(&case("insured-9-digits"));
    let h = html(&run, &ja());
    assert!(!h.contains("990000001"), "raw 被保険者番号 leaked");
    assert!(h.contains(
        "<td class=\"found\"><code>999999999</code> <span class=\"tag\">マスク</span></td>"
    ));
    assert!(h.contains("<tr class=\"hit masked\"><td class=\"n\">3</td><td>被保険者番号</td><td><code>999999999</code></td></tr>"));
    let s = html(&run, &shown());
    assert!(s.contains("<td class=\"found\"><code>990000001</code></td>"));
    assert!(s.contains("<tr class=\"hit\"><td class=\"n\">3</td><td>被保険者番号</td><td><code>990000001</code></td></tr>"));
}

fn the_same_run_renders_byte_identical() {
    let dir = common::cases_tree().join("cases/field");
    let a = check(&dir);
    let b = check(&dir);
    for o in [
        ja(),
        shown(),
        Options {
            lang: Lang::En,
            ..Default::default()
        },
    ] {
        let x = html(&a, &o);
        assert_eq!(x, html(&a, &o), "two renders of one run differ");
        assert_eq!(
            x,
            html(&b, &o),
            "two runs of the same files render differently"
        );
    }
}

fn file_content_is_escaped() {
    let dir = temp("script");
    copy_case("date-april-31", &dir);
    let path = dir.join(UPPLAN);
    let data = std::fs::read(&path).unwrap();
    // Record 2 is the one the finding points at; its 用具名称（機種名） (No.18) is `""`.
    let mut lines: Vec<Vec<u8>> = data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let line = String::from_utf8_lossy(&lines[1]).into_owned();
    let at = lines[1]
        .windows(4)
        .position(|w| w == b",\"\",")
        .expect("record 2 has an empty quoted free text");
    assert!(line.contains("20250431"));
    let mut edited = lines[1][..at].to_vec();
    edited.extend_from_slice(b",\"<script>alert(1)</script>\",");
    edited.extend_from_slice(&lines[1][at + 4..]);
    lines[1] = edited;
    let data = lines.join(&b'\n');
    // Still MS932: the edit is ASCII and the rest is as it was.
    let (_, issues) = decode::decode(&data, decode::Encoding::Ms932);
    assert!(issues.is_empty(), "the edited file is not valid MS932");
    std::fs::write(&path, &data).unwrap();

    let run = check(&dir);
    assert!(run
        .findings()
        .any(|f| f.rule.id == "FLD-DATE" && f.pos.record == Some(2)));
    // Shown as found (free text is masked otherwise), escaped.
    let h = html(&run, &shown());
    assert!(h.contains("<tr><td class=\"n\">18</td><td>用具名称（機種名）</td><td><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></td></tr>"), "{h}");
    assert!(!h.contains("<script>alert"));
    assert!(!h.contains("</script>\","));
    // The only script is the report's own.
    assert_eq!(count(&h, "<script"), 1);
    assert_eq!(count(&h, "</script>"), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

fn a_utf8_file_with_a_bom_shows_its_records_decoded_as_utf8() {
    let dir = temp("utf8");
    copy_case("date-april-31", &dir);
    let path = dir.join(UPPLAN);
    let (text, issues) = decode::decode(&std::fs::read(&path).unwrap(), decode::Encoding::Ms932);
    assert!(issues.is_empty());
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(text.as_bytes());
    std::fs::write(&path, utf8).unwrap();
    let run = check(&dir);
    assert!(run.findings().any(|f| f.rule.id == "ENC-BOM"));
    assert!(run
        .findings()
        .any(|f| f.rule.id == "FLD-DATE" && f.pos.record == Some(2)));
    let h = html(&run, &ja());
    assert!(h.contains(
        "<tr class=\"hit\"><td class=\"n\">10</td><td>サービス利用日</td><td><code>20250431</code></td></tr>"
    ));
    // Read as UTF-8: kanji and katakana, masked by their class.
    assert!(h.contains("<tr class=\"masked\"><td class=\"n\">21</td><td>サービス事業所名</td><td><code>漢漢漢漢漢漢アアーアアア</code></td></tr>"));
    let h = html(&run, &shown());
    assert!(h.contains("<tr><td class=\"n\">21</td><td>サービス事業所名</td><td><code>試験訪問介護ステーション</code></td></tr>"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn the_report_reads_no_file_a_file_changed_or_gone_after_the_check_shows_what_was_checked() {
    let dir = temp("gone");
    copy_case("date-april-31", &dir);
    let run = check(&dir);
    let before = html(&run, &ja());
    assert_eq!(count(&before, "<table class=\"record\">"), 1);

    // A record beyond the end of the file: no table.
    let mut beyond = check(&dir);
    for f in &mut beyond.files {
        for x in &mut f.findings {
            x.pos.record = Some(9999);
        }
    }
    let h = html(&beyond, &ja());
    assert!(h.contains("data-rule=\"FLD-DATE\""));
    assert!(!h.contains("<table class=\"record\">"));

    // The same length, another value: the report shows what was checked
    // (reading the file again would have shown the new value).
    let path = dir.join(UPPLAN);
    let original = std::fs::read(&path).unwrap();
    let at = original.windows(8).position(|w| w == b"20250431").unwrap();
    let mut changed = original.clone();
    changed[at..at + 8].copy_from_slice(b"20250430");
    std::fs::write(&path, &changed).unwrap();
    assert_eq!(html(&run, &ja()), before);

    // A file that is gone: the same.
    std::fs::remove_file(&path).unwrap();
    assert_eq!(html(&run, &ja()), before);
    assert!(before.contains(
        "<tr class=\"hit\"><td class=\"n\">10</td><td>サービス利用日</td><td><code>20250431</code></td></tr>"
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

fn records_only_the_rules_across_files_point_at_are_shown_too() {
    // REL-NO-PLAN points at UP2KYO's record 1, whose own checks found nothing.
    let run = check(&common::cases_tree().join("cases/relation/table2-plan-date-differs"));
    let h = html(&run, &ja());
    assert!(h.contains("data-rule=\"REL-NO-PLAN\""));
    assert_eq!(count(&h, "<table class=\"record\">"), 1);
    assert!(h.contains("レコード1の内容（22項目） — No.5 居宅サービス計画作成（変更）日を強調"));
}

fn files_checked_in_memory_keep_the_records_the_rules_across_files_point_at() {
    // The same case as above, its files made in memory (base and edits) and
    // checked as a folder: the record REL-NO-PLAN points at is copied from
    // the bytes held, as `check` copies it from the file on disk.
    let (all, _) = careplan_conformance::cases::discover(
        &careplan_conformance::cases::tree::Folder::on_disk(common::root().join("cases")),
    );
    let case = all
        .iter()
        .find(|c| c.manifest.id == "relation.table2-plan-date-differs")
        .unwrap();
    let sources: Vec<careplan_conformance::SourceFile> = careplan_conformance::cases::files(case)
        .unwrap()
        .into_iter()
        .map(|(name, bytes)| careplan_conformance::SourceFile {
            path: format!("in-memory/{name}"),
            name,
            bytes,
        })
        .collect();
    let opts = |keep_records| careplan_conformance::CheckOptions {
        revision: Some(spec::revision("4.1").unwrap()),
        follow_links: false,
        max_file_size: careplan_conformance::DEFAULT_MAX_FILE_SIZE,
        recursive: false,
        keep_records,
        consistency: true,
        keep_keys: false,
    };
    let run = careplan_conformance::check_sources(&sources, true, opts(true));
    let h = html(&run, &ja());
    assert!(h.contains("data-rule=\"REL-NO-PLAN\""));
    assert_eq!(count(&h, "<table class=\"record\">"), 1);
    assert!(h.contains("レコード1の内容（22項目） — No.5 居宅サービス計画作成（変更）日を強調"));
    let run = careplan_conformance::check_sources(&sources, true, opts(false));
    let h = html(&run, &ja());
    assert!(h.contains("data-rule=\"REL-NO-PLAN\""));
    assert!(!h.contains("<table class=\"record\">"));
}

fn a_check_that_keeps_no_records_lists_its_findings_without_tables() {
    let run = careplan_conformance::check_with(
        &[case("date-april-31")],
        careplan_conformance::CheckOptions {
            revision: Some(spec::revision("4.1").unwrap()),
            follow_links: true,
            max_file_size: careplan_conformance::DEFAULT_MAX_FILE_SIZE,
            recursive: true,
            keep_records: false,
            consistency: true,
            keep_keys: false,
        },
    );
    let h = html(&run, &ja());
    assert!(h.contains("data-rule=\"FLD-DATE\""));
    assert!(!h.contains("<table class=\"record\">"));
    assert!(!h.contains("レコードの内容は表示していません"));
}

fn record_tables_are_limited_per_file_and_the_report_says_so() {
    let mut run = check(&case("date-april-31"));
    let file = run
        .files
        .iter_mut()
        .find(|f| !f.findings.is_empty())
        .unwrap();
    let one = file.findings[0].clone();
    let extra = 5;
    file.findings = vec![one; MAX_RECORD_TABLES_PER_FILE + extra];
    let h = html(&run, &ja());
    assert_eq!(finding_tags(&h).len(), MAX_RECORD_TABLES_PER_FILE + extra);
    assert_eq!(
        count(&h, "<table class=\"record\">"),
        MAX_RECORD_TABLES_PER_FILE
    );
    assert!(h.contains(&format!(
        "レコードを指す指摘が{}件あるため、最初の{MAX_RECORD_TABLES_PER_FILE}件についてのみレコードの内容を表示しています（{extra}件は省略）。",
        MAX_RECORD_TABLES_PER_FILE + extra
    )));
}

fn english_labels_and_messages_with_lang_en() {
    let run = check(&case("date-april-31"));
    let h = html(
        &run,
        &Options {
            lang: Lang::En,
            ..Default::default()
        },
    );
    assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(h.contains("<h2>Findings</h2>"));
    assert!(h.contains("<h2>Summary</h2>"));
    assert!(h.contains("<span class=\"sev error\">error</span>"));
    assert!(h.contains("<td class=\"msg\">not a real calendar date (YYYYMMDD)</td>"));
    assert!(h.contains("Record 2 (25 fields) — No.10 サービス利用日 highlighted"));
    assert!(!h.contains("<h2>指摘一覧</h2>"));
}

fn the_report_is_self_contained_and_shows_everything_without_javascript() {
    let run = check(&common::cases_tree().join("cases/field"));
    let h = html(&run, &ja());
    for banned in [
        "<link",
        " src=",
        "@import",
        "url(",
        "http://",
        "https://",
        "@font-face",
    ] {
        assert!(!h.contains(banned), "external resource: {banned}");
    }
    // Every finding is a row, none hidden; the filter controls wait for the script.
    let tags = finding_tags(&h);
    assert_eq!(tags.len(), run.findings().count());
    assert!(tags.iter().all(|t| !t.contains("hidden")));
    assert!(h.contains("<form id=\"filters\" class=\"noprint\" hidden>"));
    assert!(h.contains("<noscript>"));
    for f in run.findings() {
        assert!(h.contains(&format!("data-rule=\"{}\"", f.rule.id)));
    }
}

// ------------------------------------------------------------- browser

/// Debian's chromium (or chromium-browser) on PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs headless chromium with `args`, its standard output into `stdout`;
/// fails the test if it runs longer than two minutes.
fn headless(bin: &Path, work: &Path, tag: &str, args: &[String]) -> (ExitStatus, String) {
    let out_path = work.join(format!("{tag}.out"));
    let err_path = work.join(format!("{tag}.err"));
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join(format!("profile-{tag}")).display()
        ))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within 120 s ({args:?}):\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned();
    if !status.success() {
        eprintln!("{}", std::fs::read_to_string(&err_path).unwrap_or_default());
    }
    (status, out)
}

fn dump_dom(bin: &Path, work: &Path, tag: &str, url: &str) -> String {
    let (status, dom) = headless(bin, work, tag, &["--dump-dom".into(), url.into()]);
    assert!(status.success(), "chromium --dump-dom {url}: {status}");
    assert!(dom.contains("</html>"), "no document dumped for {url}");
    dom
}

fn the_report_renders_in_headless_chromium_and_its_filters_work() {
    let bin = chromium().expect("chromium or chromium-browser on PATH");
    // cases/field: errors and warnings of many rules across many files.
    let run = check(&common::cases_tree().join("cases/field"));
    let errors = run
        .findings()
        .filter(|f| f.severity().as_str() == "error")
        .count();
    let warnings = run.findings().count() - errors;
    assert!(errors > 0 && warnings > 0, "the case set must have both");
    let work = temp("browser");
    let report = work.join("report.html");
    std::fs::write(&report, html(&run, &ja())).unwrap();
    let url = format!("file://{}", report.display());

    // It renders: a screenshot of the window's size with content in it.
    let png = work.join("report.png");
    let (status, _) = headless(
        &bin,
        &work,
        "shot",
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".into(),
            url.clone(),
        ],
    );
    assert!(status.success(), "chromium --screenshot: {status}");
    let img = std::fs::read(&png).expect("the screenshot was written");
    assert_eq!(&img[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&img[12..16], b"IHDR");
    let width = u32::from_be_bytes(img[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(img[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 2000));
    // An empty page of this size is about 12 KB; the report's text makes it far larger.
    assert!(
        img.len() > 40_000,
        "screenshot only {} bytes: blank page?",
        img.len()
    );

    // After the script ran: the controls are shown, every finding row is there and visible.
    let dom = dump_dom(&bin, &work, "all", &url);
    assert!(
        dom.contains("<form id=\"filters\" class=\"noprint\">"),
        "the script did not run"
    );
    let tags = finding_tags(&dom);
    assert_eq!(tags.len(), run.findings().count());
    assert!(
        tags.iter().all(|t| !t.contains("hidden")),
        "a row is hidden with no filter"
    );
    for f in run.findings() {
        assert!(dom.contains(&format!("data-rule=\"{}\"", f.rule.id)));
    }
    assert!(dom.contains(&format!(
        "<span id=\"shown\">{}</span>",
        run.findings().count()
    )));

    // #severity=warning: error rows hidden, warning rows shown.
    let dom = dump_dom(&bin, &work, "warning", &format!("{url}#severity=warning"));
    let tags = finding_tags(&dom);
    assert_eq!(tags.len(), run.findings().count());
    for t in &tags {
        if t.contains("data-severity=\"error\"") {
            assert!(t.contains(" hidden"), "an error row is shown: {t}");
        } else {
            assert!(!t.contains("hidden"), "a warning row is hidden: {t}");
        }
    }
    assert!(dom.contains(&format!("<span id=\"shown\">{warnings}</span>")));
    assert!(dom.contains("name=\"severity\" value=\"warning\" checked"));

    // #rule=FLD-DATE: that rule's row only; files without it are hidden whole.
    let dom = dump_dom(&bin, &work, "rule", &format!("{url}#rule=FLD-DATE"));
    let visible: Vec<&str> = finding_tags(&dom)
        .into_iter()
        .filter(|t| !t.contains("hidden"))
        .collect();
    assert_eq!(visible.len(), 1, "{visible:?}");
    assert!(visible[0].contains("data-rule=\"FLD-DATE\""));
    let sections = open_tags(&dom, "<section class=\"file\"");
    assert_eq!(
        sections.len(),
        run.files.iter().filter(|f| !f.findings.is_empty()).count()
    );
    let shown: Vec<&&str> = sections.iter().filter(|t| !t.contains("hidden")).collect();
    assert_eq!(
        shown.len(),
        1,
        "only the file with FLD-DATE stays: {shown:?}"
    );
    let _ = std::fs::remove_dir_all(&work);
}
