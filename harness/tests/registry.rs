//! The register: only verified, passed certificates that name their product
//! are listed, a later one supersedes an earlier one for the same product
//! and profile, revocations remove rows, the rest is reported with its
//! reason; the output is deterministic, and the page renders, sorts and
//! filters in headless chromium.

mod common;

use common::trials::{self, needs, CHROMIUM};

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use ssh_key::{private::Ed25519Keypair, LineEnding, PrivateKey};

fn main() {
    let mut trials = trials![
        the_register_lists_verified_passed_named_certificates_only,
        a_bad_key_folder_or_revocation_file_is_a_usage_error,
    ];
    trials.push(needs(
        &[&CHROMIUM],
        "the_register_renders_sorts_and_filters_in_headless_chromium",
        the_register_renders_sorts_and_filters_in_headless_chromium,
    ));
    trials::run(trials, &[&CHROMIUM]);
}

fn key(dir: &Path, name: &str, seed: u8) -> (PathBuf, PathBuf) {
    let k = PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]));
    let private = dir.join(name);
    let public = dir.join(format!("{name}.pub"));
    std::fs::write(&private, k.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::write(&public, k.public_key().to_openssh().unwrap() + "\n").unwrap();
    (private, public)
}

fn fingerprint(public: &Path) -> String {
    let k =
        ssh_key::PublicKey::from_openssh(std::fs::read_to_string(public).unwrap().trim()).unwrap();
    k.fingerprint(ssh_key::HashAlg::Sha256).to_string()
}

/// Certifies a reference submission into `certs/NAME`.
fn certify(work: &Path, name: &str, profile: &str, at: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "certify".to_string(),
        "--profile".into(),
        profile.into(),
        "--submission".into(),
        common::root()
            .join("cases/certification/reference")
            .join(profile)
            .display()
            .to_string(),
        "--out".into(),
        work.join("certs").join(name).display().to_string(),
        "--generated-at".into(),
        at.into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    common::run(&a)
}

fn sha256(p: &Path) -> String {
    careplan_conformance::certify::pack::sha256_hex(&std::fs::read(p).unwrap())
}

/// A folder of certificates of every kind the register meets.
struct Fixture {
    work: PathBuf,
    key: PathBuf,
    old_key: PathBuf,
    revoked_sha: String,
}

fn fixture(name: &str) -> Fixture {
    let work = common::scratch(name);
    let (k, key_pub) = key(&work, "association", 7);
    let (old, old_pub) = key(&work, "association-2025", 5);
    let (stranger, _) = key(&work, "stranger", 13);
    let (k, old, stranger) = (
        k.to_str().unwrap().to_string(),
        old.to_str().unwrap().to_string(),
        stranger.to_str().unwrap().to_string(),
    );
    let product = |v: &str, p: &str, ver: &str| -> Vec<String> {
        vec![
            "--vendor".into(),
            v.into(),
            "--product".into(),
            p.into(),
            "--product-version".into(),
            ver.into(),
        ]
    };
    let run = |name: &str, profile: &str, at: &str, key: Option<&str>, prod: Vec<String>| {
        let mut extra = prod;
        if let Some(k) = key {
            extra.push("--sign-key".into());
            extra.push(k.into());
        }
        let e: Vec<&str> = extra.iter().map(String::as_str).collect();
        certify(&work, name, profile, at, &e)
    };
    // Listed: two versions of one product and profile (the later supersedes),
    // another product, and a product under two profiles.
    run(
        "a-1.0",
        "kyotaku-shien",
        "2026-01-10T09:00:00Z",
        Some(&k),
        product("見本ソフト株式会社", "見本ケア 居宅", "1.0"),
    );
    run(
        "a-1.1",
        "kyotaku-shien",
        "2026-02-10T09:00:00Z",
        Some(&k),
        product("見本ソフト株式会社", "見本ケア 居宅", "1.1"),
    );
    run(
        "b",
        "service-provider",
        "2026-01-20T09:00:00Z",
        Some(&k),
        product("例示システム合同会社", "例示ヘルパー", "5.2"),
    );
    run(
        "c-houkatsu",
        "houkatsu",
        "2026-01-15T09:00:00Z",
        Some(&k),
        product(
            "試験ソリューションズ",
            "試験予防 <Pro> & \"Plus\"",
            "2025.1",
        ),
    );
    run(
        "c-itaku",
        "kyotaku-itaku",
        "2026-01-15T09:00:00Z",
        Some(&k),
        product(
            "試験ソリューションズ",
            "試験予防 <Pro> & \"Plus\"",
            "2025.1",
        ),
    );
    // Left out: unsigned, signed by a stranger, no product, failed, edited.
    run(
        "x-unsigned",
        "yobo-service",
        "2026-01-01T00:00:00Z",
        None,
        product("未署名", "p", "1"),
    );
    run(
        "x-stranger",
        "yobo-service",
        "2026-01-01T00:00:00Z",
        Some(&stranger),
        product("他人", "p", "1"),
    );
    run(
        "x-noproduct",
        "yobo-service",
        "2026-01-01T00:00:00Z",
        Some(&k),
        vec![],
    );
    let failing = work.join("failing");
    for e in
        walkdir::WalkDir::new(common::root().join("cases/certification/reference/yobo-service"))
    {
        let e = e.unwrap();
        let dest = failing.join(
            e.path()
                .strip_prefix(common::root().join("cases/certification/reference/yobo-service"))
                .unwrap(),
        );
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
    std::fs::remove_dir_all(failing.join("y21-import-kihon-and-plan")).unwrap();
    let o = common::run(&[
        "certify",
        "--profile",
        "yobo-service",
        "--submission",
        failing.to_str().unwrap(),
        "--out",
        work.join("certs/x-failed").to_str().unwrap(),
        "--generated-at",
        "2026-01-01T00:00:00Z",
        "--sign-key",
        &k,
        "--vendor",
        "不合格",
        "--product",
        "p",
        "--product-version",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    run(
        "x-edited",
        "yobo-service",
        "2026-01-01T00:00:00Z",
        Some(&k),
        product("改変", "p", "1"),
    );
    let edited = work.join("certs/x-edited/certificate.json");
    let t = std::fs::read_to_string(&edited)
        .unwrap()
        .replace("\"改変\"", "\"改変済\"");
    std::fs::write(&edited, t).unwrap();
    // Revoked: one by its hash, one by its (old) signing key.
    run(
        "r-hash",
        "yobo-service",
        "2026-01-05T00:00:00Z",
        Some(&k),
        product("取消", "p", "1"),
    );
    run(
        "r-key",
        "yobo-service",
        "2026-01-05T00:00:00Z",
        Some(&old),
        product("旧鍵", "p", "1"),
    );
    let revoked_sha = sha256(&work.join("certs/r-hash/certificate.json"));
    std::fs::write(
        work.join("revocations.toml"),
        format!(
            "[[revoked]]\ncertificate_sha256 = \"{revoked_sha}\"\ndate = \"2026-03-01\"\nreason = \"提出の取り違え\"\n\n[[revoked]]\nkey = \"{}\"\ndate = \"2026-03-02\"\nreason = \"鍵の紛失\"\n",
            fingerprint(&old_pub)
        ),
    )
    .unwrap();
    Fixture {
        work,
        key: key_pub,
        old_key: old_pub,
        revoked_sha,
    }
}

fn registry(f: &Fixture, site: &str, lang: &str) -> Output {
    common::run(&[
        "--lang",
        lang,
        "registry",
        f.work.join("certs").to_str().unwrap(),
        "--key",
        f.key.to_str().unwrap(),
        "--key",
        f.old_key.to_str().unwrap(),
        "--revocations",
        f.work.join("revocations.toml").to_str().unwrap(),
        "--out",
        f.work.join(site).to_str().unwrap(),
    ])
}

fn the_register_lists_verified_passed_named_certificates_only() {
    let f = fixture("registry");
    let o = registry(&f, "site", "ja");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("登録 5 件（有効 4、置換済 1）、取消 2 件、載せなかった証明書 7 件"),
        "{stdout}"
    );
    let stderr = String::from_utf8(o.stderr).unwrap();
    for (path, why) in [
        (
            "x-unsigned/certificate.json",
            "署名（certificate.json.sig）がありません",
        ),
        ("x-stranger/certificate.json", "登録簿の鍵ではない鍵"),
        (
            "x-noproduct/certificate.json",
            "製品（ベンダー名・製品名・版）の記載がありません",
        ),
        ("x-failed/certificate.json", "判定が合格ではありません"),
        (
            "x-edited/certificate.json",
            "署名が証明書の内容と合いません",
        ),
        (
            "r-hash/certificate.json",
            "取り消されています（2026-03-01: 提出の取り違え）",
        ),
        (
            "r-key/certificate.json",
            "取り消されています（2026-03-02: 鍵の紛失）",
        ),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("載せません: {path}: ")) && l.contains(why)),
            "{path}: {stderr}"
        );
    }
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.work.join("site/registry.json")).unwrap())
            .unwrap();
    let entries = j["entries"].as_array().unwrap();
    let rows: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["product"].as_str().unwrap().to_string(),
                e["version"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // By vendor (in byte order), product, profile, the latest first.
            ("例示ヘルパー", "5.2", "valid"),
            ("見本ケア 居宅", "1.1", "valid"),
            ("見本ケア 居宅", "1.0", "superseded"),
            ("試験予防 <Pro> & \"Plus\"", "2025.1", "valid"),
            ("試験予防 <Pro> & \"Plus\"", "2025.1", "valid"),
        ]
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
    let newer = sha256(&f.work.join("certs/a-1.1/certificate.json"));
    assert_eq!(entries[2]["superseded_by"], newer.as_str());
    assert_eq!(entries[1]["certificate_sha256"], newer.as_str());
    assert_eq!(
        entries[1]["profile_column"],
        "本文2.2 居宅介護支援事業所向け"
    );
    assert!(entries[1]["optional_passed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x == "k11-delete-table1"));
    let revoked = j["revoked"].as_array().unwrap();
    assert_eq!(revoked.len(), 2);
    assert_eq!(revoked[0]["certificate_sha256"], f.revoked_sha.as_str());
    assert_eq!(
        revoked[1]["key_fingerprint"],
        fingerprint(&f.old_key).as_str()
    );
    // The page: Japanese first, says whose register it is, escapes values.
    let html = std::fs::read_to_string(f.work.join("site/index.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(html.contains("国民健康保険中央会の「ベンダー試験」の結果やその一覧ではなく"));
    assert!(html.contains("試験予防 &lt;Pro&gt; &amp; &quot;Plus&quot;"));
    assert!(!html.contains("<Pro>"));
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains(" src="),
        "self-contained"
    );
    // Deterministic: the same certificates give the same bytes.
    registry(&f, "site2", "ja");
    for n in ["index.html", "registry.json"] {
        assert_eq!(
            std::fs::read(f.work.join("site").join(n)).unwrap(),
            std::fs::read(f.work.join("site2").join(n)).unwrap(),
            "{n}"
        );
    }
    // In English, the same.
    let o = registry(&f, "site3", "en");
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.contains("left out: x-unsigned/certificate.json: no signature"),
        "{stderr}"
    );
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("5 registered (4 valid, 1 superseded), 2 revoked"));
}

fn a_bad_key_folder_or_revocation_file_is_a_usage_error() {
    let work = common::scratch("registry-usage");
    let (_, public) = key(&work, "k", 3);
    std::fs::create_dir_all(work.join("certs")).unwrap();
    let o = common::run(&[
        "registry",
        work.join("certs").to_str().unwrap(),
        "--key",
        work.join("nope.pub").to_str().unwrap(),
        "--out",
        work.join("site").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::write(
        work.join("rev.toml"),
        "[[revoked]]\ndate = \"2026-13-01\"\nreason = \"x\"\nkey = \"SHA256:x\"\n",
    )
    .unwrap();
    let o = common::run(&[
        "registry",
        work.join("certs").to_str().unwrap(),
        "--key",
        public.to_str().unwrap(),
        "--revocations",
        work.join("rev.toml").to_str().unwrap(),
        "--out",
        work.join("site").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("date は YYYY-MM-DD"));
    // An empty folder gives an empty register, not an error.
    let o = common::run(&[
        "registry",
        work.join("certs").to_str().unwrap(),
        "--key",
        public.to_str().unwrap(),
        "--out",
        work.join("site").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(work.join("site/index.html"))
        .unwrap()
        .contains("登録された証明書はありません"));
}

// ------------------------------------------------------------- browser

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

/// Runs headless chromium with `args`; fails the test after two minutes.
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
            panic!("chromium did not finish within 120 s ({args:?})");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned();
    (status, out)
}

fn dump_dom(bin: &Path, work: &Path, tag: &str, url: &str) -> String {
    let (status, dom) = headless(bin, work, tag, &["--dump-dom".into(), url.into()]);
    assert!(status.success(), "chromium --dump-dom {url}: {status}");
    assert!(dom.contains("</html>"), "no document dumped for {url}");
    dom
}

/// The opening tags of the register's rows, in document order.
fn rows(dom: &str) -> Vec<&str> {
    let body = &dom[dom.find("<table id=\"register\">").unwrap()..];
    let body = &body[..body.find("</table>").unwrap()];
    body.match_indices("<tr data-profile")
        .map(|(i, _)| &body[i..i + body[i..].find('>').unwrap() + 1])
        .collect()
}

fn visible(dom: &str) -> usize {
    rows(dom).iter().filter(|t| !t.contains("hidden")).count()
}

fn the_register_renders_sorts_and_filters_in_headless_chromium() {
    let bin = chromium().expect("chromium is on the PATH (the trial needs it)");
    let f = fixture("registry-browser");
    assert_eq!(registry(&f, "site", "ja").status.code(), Some(0));
    let url = format!("file://{}", f.work.join("site/index.html").display());
    let work = f.work.join("browser");
    std::fs::create_dir_all(&work).unwrap();

    // A screenshot with content in it.
    let png = work.join("register.png");
    let (status, _) = headless(
        &bin,
        &work,
        "shot",
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,900".into(),
            url.clone(),
        ],
    );
    assert!(status.success());
    let img = std::fs::read(&png).expect("the screenshot was written");
    assert_eq!(&img[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        img.len() > 30_000,
        "screenshot only {} bytes: blank page?",
        img.len()
    );

    // The script ran: the controls are shown, superseded rows hidden.
    let dom = dump_dom(&bin, &work, "all", &url);
    assert!(
        dom.contains("<form id=\"filters\" class=\"\""),
        "the script did not run"
    );
    assert_eq!(rows(&dom).len(), 5);
    assert_eq!(visible(&dom), 4);
    assert!(dom.contains("<span id=\"shown\">4</span>"));
    let superseded: Vec<&str> = rows(&dom)
        .into_iter()
        .filter(|t| t.contains("data-status=\"superseded\""))
        .collect();
    assert!(superseded.len() == 1 && superseded[0].contains("hidden"));

    // #all=1 shows the superseded row too.
    let dom = dump_dom(&bin, &work, "with-superseded", &format!("{url}#all=1"));
    assert_eq!(visible(&dom), 5);

    // A text filter and a profile filter.
    let dom = dump_dom(&bin, &work, "text", &format!("{url}#q=%E4%BE%8B%E7%A4%BA"));
    assert_eq!(visible(&dom), 1, "例示 matches one product");
    let dom = dump_dom(&bin, &work, "profile", &format!("{url}#profile=houkatsu"));
    let shown: Vec<&str> = rows(&dom)
        .into_iter()
        .filter(|t| !t.contains("hidden"))
        .collect();
    assert_eq!(shown.len(), 1);
    assert!(shown[0].contains("data-profile=\"houkatsu\""));

    // Sorting by the version column, descending: 5.2 first.
    let dom = dump_dom(&bin, &work, "sort", &format!("{url}#sort=2-desc&all=1"));
    assert!(dom.contains("aria-sort=\"descending\""));
    let first = &dom[dom.find("<tbody>").unwrap()..];
    let first_row = &first[..first.find("</tr>").unwrap()];
    assert!(first_row.contains("<td>5.2</td>"), "{first_row}");
}
