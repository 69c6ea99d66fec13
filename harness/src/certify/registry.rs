//! The register: the products whose certificates this tool made, signed and
//! verified, as a public list (`index.html`, `registry.json`).
//!
//! Every `certificate.json` under a folder is verified with the register's
//! keys. A certificate is listed only when its signature holds, its verdict
//! is `passed`, it names the product (vendor, name, version), and it is not
//! revoked; the others are left out with the reason. A later certificate for
//! the same product (vendor and name) and profile marks the earlier rows
//! superseded. A revocation file removes rows, by certificate hash or by
//! signing key.
//!
//! This is this tool's register, not 国保中央会's list of products that
//! completed its vendor test; the page says so.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};
use ssh_key::PublicKey;

use super::pack::sha256_hex;
use super::sign;
use crate::finding::{Lang, Text};

/// The revocation file (TOML): `[[revoked]]` entries naming a certificate's
/// SHA-256 or a signing key (its `SHA256:…` fingerprint or its OpenSSH
/// public key line), with the date and the reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocations {
    #[serde(default)]
    pub revoked: Vec<Revocation>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub date: String,
    pub reason: String,
}

impl Revocations {
    pub fn read(path: &Path) -> Result<Revocations, Text> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Text::new(
                format!("{}: 読めません: {e}", path.display()),
                format!("{}: cannot read: {e}", path.display()),
            )
        })?;
        let r: Revocations = toml::from_str(&text).map_err(|e| {
            Text::new(
                format!("{}: {}", path.display(), e.to_string().trim()),
                format!("{}: {}", path.display(), e.to_string().trim()),
            )
        })?;
        for (i, x) in r.revoked.iter().enumerate() {
            if x.certificate_sha256.is_some() == x.key.is_some() {
                return Err(Text::new(
                    format!(
                        "{}: [[revoked]] の {}件目は certificate_sha256 か key のどちらか一方を書きます",
                        path.display(),
                        i + 1
                    ),
                    format!(
                        "{}: [[revoked]] entry {} names either certificate_sha256 or key",
                        path.display(),
                        i + 1
                    ),
                ));
            }
            if !crate::values::is_date(&x.date.replace('-', "")) || x.date.len() != 10 {
                return Err(Text::new(
                    format!(
                        "{}: [[revoked]] の {}件目の date は YYYY-MM-DD です: {}",
                        path.display(),
                        i + 1,
                        x.date
                    ),
                    format!(
                        "{}: [[revoked]] entry {}: date is YYYY-MM-DD: {}",
                        path.display(),
                        i + 1,
                        x.date
                    ),
                ));
            }
        }
        Ok(r)
    }

    /// The revocation that applies to a certificate, if any.
    fn find(&self, cert_sha: &str, key: &PublicKey) -> Option<&Revocation> {
        let fp = sign::fingerprint(key);
        self.revoked.iter().find(|r| {
            r.certificate_sha256
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(cert_sha))
                || r.key.as_deref().is_some_and(|k| {
                    let k = k.trim();
                    k == fp
                        || PublicKey::from_openssh(k).is_ok_and(|p| p.key_data() == key.key_data())
                })
        })
    }
}

/// One listed certificate.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub vendor: String,
    pub product: String,
    pub version: String,
    pub profile: String,
    pub profile_title: String,
    pub profile_column: String,
    pub spec_revision: String,
    pub pack_version: String,
    pub harness_version: String,
    /// The certificate's `generated_at`.
    pub certified_at: String,
    pub certificate_sha256: String,
    pub key_fingerprint: String,
    /// Optional scenarios passed (or attested), with their cells.
    pub optional_passed: Vec<String>,
    /// `valid`, or `superseded` by a later certificate for the same product
    /// and profile.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
    /// The certificate's path under the folder read.
    pub path: String,
}

/// A certificate removed by the revocation file.
#[derive(Debug, Clone, Serialize)]
pub struct Revoked {
    pub certificate_sha256: String,
    pub vendor: String,
    pub product: String,
    pub version: String,
    pub profile: String,
    pub key_fingerprint: String,
    pub date: String,
    pub reason: String,
}

/// A certificate left out of the register, and why.
#[derive(Debug, Clone)]
pub struct Excluded {
    pub path: String,
    pub reason: Text,
}

#[derive(Debug, Clone)]
pub struct Registry {
    pub keys: Vec<String>,
    pub entries: Vec<Entry>,
    pub revoked: Vec<Revoked>,
    pub excluded: Vec<Excluded>,
}

fn text(ja: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(ja, en)
}

/// Every `certificate.json` under `dir` (links not followed), in path order.
fn certificates(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() == "certificate.json")
        .map(|e| e.path().to_path_buf())
        .collect()
}

fn str_of(j: &Json, k: &str) -> String {
    j[k].as_str().unwrap_or_default().to_string()
}

/// Reads, verifies and lists the certificates under `dir`.
pub fn build(dir: &Path, keys: &[PublicKey], revocations: &Revocations) -> Registry {
    let mut entries: Vec<Entry> = Vec::new();
    let mut revoked = Vec::new();
    let mut excluded = Vec::new();
    for path in certificates(dir) {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let mut out = |reason: Text| {
            excluded.push(Excluded {
                path: rel.clone(),
                reason,
            })
        };
        let Ok(bytes) = std::fs::read(&path) else {
            out(text("読めません", "cannot be read"));
            continue;
        };
        let sha = sha256_hex(&bytes);
        let sig_path = path.with_file_name("certificate.json.sig");
        let Ok(sig) = std::fs::read_to_string(&sig_path) else {
            out(text(
                "署名（certificate.json.sig）がありません",
                "no signature (certificate.json.sig)",
            ));
            continue;
        };
        let Some(signer) = sign::signer(&sig) else {
            out(text(
                "署名ファイルを SSHSIG として読めません",
                "the signature file is not an SSHSIG",
            ));
            continue;
        };
        let Some(key) = keys.iter().find(|k| k.key_data() == signer.key_data()) else {
            out(text(
                format!(
                    "登録簿の鍵ではない鍵（{}）で署名されています",
                    sign::fingerprint(&signer)
                ),
                format!(
                    "signed by a key that is not the register's ({})",
                    sign::fingerprint(&signer)
                ),
            ));
            continue;
        };
        if let Err(e) = sign::verify_signature(key, &bytes, &sig) {
            out(e);
            continue;
        }
        let Ok(c) = serde_json::from_slice::<Json>(&bytes) else {
            out(text("JSON として読めません", "not JSON"));
            continue;
        };
        if c["format"] != super::CERTIFICATE_FORMAT {
            out(text(
                format!(
                    "証明書の形式が {} ではありません",
                    super::CERTIFICATE_FORMAT
                ),
                format!(
                    "the certificate's format is not {}",
                    super::CERTIFICATE_FORMAT
                ),
            ));
            continue;
        }
        if c["verdict"] != "passed" {
            out(text(
                "判定が合格ではありません",
                "the verdict is not passed",
            ));
            continue;
        }
        let product: super::Product =
            serde_json::from_value(c["product"].clone()).unwrap_or_default();
        if !product.complete() {
            out(text(
                "製品（ベンダー名・製品名・版）の記載がありません（certify の --vendor, --product, --product-version か submission.toml）",
                "the product (vendor, name, version) is not named (certify --vendor, --product, --product-version or submission.toml)",
            ));
            continue;
        }
        let (vendor, name, version) = (
            product.vendor.unwrap_or_default(),
            product.name.unwrap_or_default(),
            product.version.unwrap_or_default(),
        );
        let fp = sign::fingerprint(key);
        if let Some(r) = revocations.find(&sha, key) {
            out(text(
                format!("取り消されています（{}: {}）", r.date, r.reason),
                format!("revoked ({}: {})", r.date, r.reason),
            ));
            revoked.push(Revoked {
                certificate_sha256: sha,
                vendor,
                product: name,
                version,
                profile: str_of(&c, "profile"),
                key_fingerprint: fp,
                date: r.date.clone(),
                reason: r.reason.clone(),
            });
            continue;
        }
        if entries.iter().any(|e| e.certificate_sha256 == sha) {
            out(text(
                "同じ証明書がほかの場所にもあります（一度だけ載せます）",
                "the same certificate is elsewhere too (listed once)",
            ));
            continue;
        }
        let optional_passed = c["scenarios"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| {
                s["required"] == false
                    && matches!(
                        s["status"].as_str(),
                        Some("passed" | "attested" | "refused")
                    )
            })
            .filter_map(|s| s["id"].as_str().map(str::to_string))
            .collect();
        entries.push(Entry {
            vendor,
            product: name,
            version,
            profile: str_of(&c, "profile"),
            profile_title: str_of(&c, "profile_title"),
            profile_column: str_of(&c, "profile_column"),
            spec_revision: str_of(&c, "spec_revision"),
            pack_version: str_of(&c, "pack_version"),
            harness_version: str_of(&c, "harness_version"),
            certified_at: str_of(&c, "generated_at"),
            certificate_sha256: sha,
            key_fingerprint: fp,
            optional_passed,
            status: "valid",
            superseded_by: None,
            path: rel,
        });
    }
    // The latest certificate of a product and profile stands; the earlier
    // ones are superseded by it.
    let latest = |e: &Entry| (e.certified_at.clone(), e.certificate_sha256.clone());
    for i in 0..entries.len() {
        let newest = entries
            .iter()
            .filter(|o| {
                o.vendor == entries[i].vendor
                    && o.product == entries[i].product
                    && o.profile == entries[i].profile
            })
            .max_by_key(|o| latest(o))
            .map(|o| o.certificate_sha256.clone());
        if let Some(n) = newest.filter(|n| *n != entries[i].certificate_sha256) {
            entries[i].status = "superseded";
            entries[i].superseded_by = Some(n);
        }
    }
    entries.sort_by(|a, b| {
        (
            &a.vendor,
            &a.product,
            &a.profile,
            &b.certified_at,
            &a.certificate_sha256,
        )
            .cmp(&(
                &b.vendor,
                &b.product,
                &b.profile,
                &a.certified_at,
                &b.certificate_sha256,
            ))
    });
    revoked.sort_by(|a, b| (&a.date, &a.certificate_sha256).cmp(&(&b.date, &b.certificate_sha256)));
    let mut keys: Vec<String> = keys.iter().map(sign::fingerprint).collect();
    keys.sort();
    keys.dedup();
    Registry {
        keys,
        entries,
        revoked,
        excluded,
    }
}

/// The format of registry.json; it names its schema,
/// `schemas/registry.v1.json`.
pub const REGISTRY_FORMAT: &str = "careplan-conformance-registry/1";

const NOTICE_JA: &str = "この一覧は、careplan-conformance（ケアプランデータ連携標準仕様の適合確認ツール）で判定し、署名を確かめた証明書の登録簿です。公益社団法人国民健康保険中央会の「ベンダー試験」の結果やその一覧ではなく、同会が認めたものでもありません。標準仕様は適合の確認について「各介護保険システムから出力される CSV ファイルが本仕様に適合しているかどうかについては、複数の介護保険システムベンダー同士の協力のもと、各社の責任で行う。」（本文7）としています。";
const NOTICE_EN: &str = "This is the register of certificates judged by careplan-conformance (a conformance tool for the care plan data exchange standard) and verified by their signatures. It is not the result or list of 国保中央会's vendor test (ベンダー試験), nor endorsed by it. The standard leaves conformance to each vendor (本文7).";

pub fn registry_json(r: &Registry) -> String {
    let doc = json!({
        "format": REGISTRY_FORMAT,
        "title": "ケアプランデータ連携標準仕様 適合確認 登録一覧（careplan-conformance）",
        "notice": NOTICE_JA,
        "notice_en": NOTICE_EN,
        "keys": r.keys,
        "entries": r.entries,
        "revoked": r.revoked,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const STYLE: &str = r#"
body{font-family:"IPAGothic","Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif;margin:1.5em;color:#222;line-height:1.5}
h1{font-size:1.4em;margin:0 0 .2em}
p.en,span.en{color:#555;font-size:.85em}
.notice{border:1px solid #c90;background:#fff8e6;padding:.6em .9em;margin:1em 0;max-width:70em}
form{margin:1em 0;display:flex;gap:1em;flex-wrap:wrap;align-items:center}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}
thead th{background:#eef;cursor:pointer;white-space:nowrap}
thead th[aria-sort=ascending]::after{content:" ▲"}
thead th[aria-sort=descending]::after{content:" ▼"}
tr.superseded td{color:#777;background:#f4f4f4}
code.sha{font-size:.8em;word-break:break-all}
.st-valid{color:#060;font-weight:bold}
.st-superseded{color:#777}
.hidden{display:none}
"#;

const SCRIPT: &str = r#"
(function(){
  var form=document.getElementById('filters');
  form.classList.remove('hidden');
  var q=document.getElementById('q'), prof=document.getElementById('profile'), all=document.getElementById('all');
  var body=document.querySelector('#register tbody');
  var rows=Array.prototype.slice.call(body.rows);
  var heads=document.querySelectorAll('#register thead th');
  function apply(){
    var needle=q.value.trim().toLowerCase(), p=prof.value, n=0;
    rows.forEach(function(r){
      var show=(!needle||r.textContent.toLowerCase().indexOf(needle)>=0)&&(!p||r.getAttribute('data-profile')===p)&&(all.checked||r.getAttribute('data-status')==='valid');
      r.classList.toggle('hidden',!show); if(show){n++;}
    });
    document.getElementById('shown').textContent=String(n);
  }
  function sortBy(i,dir){
    heads.forEach(function(h){h.removeAttribute('aria-sort');});
    heads[i].setAttribute('aria-sort',dir>0?'ascending':'descending');
    rows.sort(function(a,b){
      var x=a.cells[i].getAttribute('data-key')||a.cells[i].textContent, y=b.cells[i].getAttribute('data-key')||b.cells[i].textContent;
      return (x<y?-1:x>y?1:0)*dir;
    });
    rows.forEach(function(r){body.appendChild(r);});
  }
  heads.forEach(function(h,i){h.addEventListener('click',function(){sortBy(i,h.getAttribute('aria-sort')==='ascending'?-1:1);});});
  [q,prof,all].forEach(function(e){e.addEventListener('input',apply);e.addEventListener('change',apply);});
  var hash=new URLSearchParams(location.hash.replace(/^#/,''));
  if(hash.get('q')){q.value=hash.get('q');}
  if(hash.get('profile')){prof.value=hash.get('profile');}
  if(hash.get('all')==='1'){all.checked=true;}
  if(hash.get('sort')){var m=/^(\d+)(-desc)?$/.exec(hash.get('sort')); if(m&&heads[+m[1]]){sortBy(+m[1],m[2]?-1:1);}}
  apply();
})();
"#;

/// The register as one self-contained page: Japanese first, sortable by
/// each column, filterable by text, profile and status (also from the
/// address: `#q=…&profile=…&all=1&sort=N[-desc]`).
pub fn html(r: &Registry) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(
        "<title>ケアプランデータ連携標準仕様 適合確認 登録一覧（careplan-conformance）</title>\n",
    );
    h.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    h.push_str("<h1>ケアプランデータ連携標準仕様 適合確認 登録一覧</h1>\n<p class=\"en\">Register of conformance certificates for the care plan data exchange standard (careplan-conformance)</p>\n");
    h.push_str(&format!(
        "<div class=\"notice\" id=\"notice\"><p>{}</p><p class=\"en\" lang=\"en\">{}</p></div>\n",
        esc(NOTICE_JA),
        esc(NOTICE_EN)
    ));
    h.push_str(&format!(
        "<p>署名の鍵 <span class=\"en\">signing keys</span>: {}</p>\n",
        r.keys
            .iter()
            .map(|k| format!("<code>{}</code>", esc(k)))
            .collect::<Vec<_>>()
            .join("、")
    ));
    let mut profiles: Vec<(&str, &str)> = r
        .entries
        .iter()
        .map(|e| (e.profile.as_str(), e.profile_title.as_str()))
        .collect();
    profiles.sort();
    profiles.dedup();
    h.push_str("<form id=\"filters\" class=\"hidden\" onsubmit=\"return false\">\n");
    h.push_str("<label>絞り込み <span class=\"en\">filter</span> <input id=\"q\" type=\"search\" placeholder=\"ベンダー・製品など\"></label>\n");
    h.push_str("<label>プロファイル <span class=\"en\">profile</span> <select id=\"profile\"><option value=\"\">すべて</option>");
    for (id, title) in &profiles {
        h.push_str(&format!(
            "<option value=\"{}\">{} {}</option>",
            esc(id),
            esc(id),
            esc(title)
        ));
    }
    h.push_str("</select></label>\n<label><input id=\"all\" type=\"checkbox\"> 置換済みも表示 <span class=\"en\">show superseded</span></label>\n");
    h.push_str(&format!(
        "<span>表示 <span id=\"shown\">{}</span> / {} 件</span>\n</form>\n",
        r.entries.iter().filter(|e| e.status == "valid").count(),
        r.entries.len()
    ));
    h.push_str("<table id=\"register\">\n<thead><tr>");
    for (ja, en) in [
        ("ベンダー", "vendor"),
        ("製品", "product"),
        ("版", "version"),
        ("プロファイル", "profile"),
        ("標準仕様", "revision"),
        ("シナリオパック", "pack"),
        ("任意シナリオ", "optional scenarios"),
        ("判定日時", "certified"),
        ("状態", "status"),
        ("証明書 SHA-256", "certificate SHA-256"),
    ] {
        h.push_str(&format!("<th>{ja}<br><span class=\"en\">{en}</span></th>"));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for e in &r.entries {
        let status = match e.status {
            "valid" => "<span class=\"st-valid\">有効</span>".to_string(),
            _ => {
                let by = e.superseded_by.as_deref().unwrap_or_default();
                format!(
                    "<span class=\"st-superseded\">置換済</span><br><span class=\"en\">superseded by</span> <code class=\"sha\">{}…</code>",
                    esc(by.get(..12).unwrap_or(by))
                )
            }
        };
        h.push_str(&format!(
            "<tr data-profile=\"{}\" data-status=\"{}\" class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td data-key=\"{}\"><code>{}</code><br>{}<br><span class=\"en\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td data-key=\"{}\">{}</td><td data-key=\"{}\">{}</td><td><code class=\"sha\">{}</code></td></tr>\n",
            esc(&e.profile),
            e.status,
            if e.status == "valid" { "" } else { "superseded" },
            esc(&e.vendor),
            esc(&e.product),
            esc(&e.version),
            esc(&e.profile),
            esc(&e.profile),
            esc(&e.profile_title),
            esc(&e.profile_column),
            esc(&e.spec_revision),
            esc(&e.pack_version),
            esc(&e.optional_passed.join(", ")),
            esc(&e.certified_at),
            esc(&e.certified_at.replace('T', " ").replace('Z', " UTC")),
            e.status,
            status,
            esc(&e.certificate_sha256),
        ));
    }
    h.push_str("</tbody>\n</table>\n");
    if r.entries.is_empty() {
        h.push_str("<p>登録された証明書はありません。<span class=\"en\">No certificate is registered.</span></p>\n");
    }
    h.push_str("<h2>取り消された証明書 <span class=\"en\">revoked certificates</span></h2>\n");
    if r.revoked.is_empty() {
        h.push_str("<p>ありません。<span class=\"en\">None.</span></p>\n");
    } else {
        h.push_str("<table id=\"revoked\"><thead><tr><th>取消日<br><span class=\"en\">date</span></th><th>ベンダー・製品・版<br><span class=\"en\">product</span></th><th>プロファイル<br><span class=\"en\">profile</span></th><th>理由<br><span class=\"en\">reason</span></th><th>証明書 SHA-256 / 鍵<br><span class=\"en\">certificate / key</span></th></tr></thead>\n<tbody>\n");
        for x in &r.revoked {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{} {} {}</td><td><code>{}</code></td><td>{}</td><td><code class=\"sha\">{}</code><br><code class=\"sha\">{}</code></td></tr>\n",
                esc(&x.date),
                esc(&x.vendor),
                esc(&x.product),
                esc(&x.version),
                esc(&x.profile),
                esc(&x.reason),
                esc(&x.certificate_sha256),
                esc(&x.key_fingerprint)
            ));
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("<p class=\"en\">registry.json holds the same list. Each certificate verifies with <code>ssh-keygen -Y verify -n careplan-conformance-certificate</code> or <code>careplan-conformance verify</code>.</p>\n");
    h.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    h
}

/// The certificates left out, one line each, for standard error.
pub fn excluded_lines(r: &Registry, lang: Lang) -> Vec<String> {
    r.excluded
        .iter()
        .map(|x| match lang {
            Lang::Ja => format!("載せません: {}: {}", x.path, x.reason.get(lang)),
            Lang::En => format!("left out: {}: {}", x.path, x.reason.get(lang)),
        })
        .collect()
}
