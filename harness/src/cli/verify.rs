//! `verify`: a signed certificate checked against the association's public
//! key, and, given the submission, against the files it was judged on.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::certify::sign;
use careplan_conformance::finding::{Lang, Text};

use super::outln;

#[derive(clap::Args)]
pub struct Args {
    /// The signer's OpenSSH public key file (`ssh-ed25519 AAAA…`).
    #[arg(long)]
    key: PathBuf,
    /// The certificate.json; its signature is read from CERT.sig.
    cert: PathBuf,
    /// The submission the certificate was made from: every file it lists
    /// must have the SHA-256 it records.
    #[arg(long)]
    submission: Option<PathBuf>,
}

/// Exits 0 when the signature and (given the submission) every file hold,
/// 1 with the reason when not, 2 when the key cannot be read.
pub fn run(a: Args, lang: Lang) -> ExitCode {
    let key = match sign::read_public_key(&a.key) {
        Ok(k) => k,
        Err(e) => {
            eprintln!(
                "{}: {}",
                Text::new("エラー", "error").get(lang),
                e.get(lang)
            );
            return ExitCode::from(2);
        }
    };
    match sign::verify(&key, &a.cert, a.submission.as_deref()) {
        Ok(v) => {
            let c = &v.certificate;
            let s = |k: &str| c[k].as_str().unwrap_or("").to_string();
            let product = |k: &str| c["product"][k].as_str().unwrap_or("-").to_string();
            outln!(
                "{}",
                match lang {
                    Lang::Ja => format!(
                        "{}: 署名は正しい（鍵 {}）。プロファイル {}、判定 {}、製品 {} {}（{}）、パック {}、標準仕様 {}版、作成 {}",
                        a.cert.display(),
                        sign::fingerprint(&key),
                        s("profile"),
                        match s("verdict").as_str() {
                            "passed" => "合格".to_string(),
                            "failed" => "不合格".to_string(),
                            v => v.to_string(),
                        },
                        product("product"),
                        product("version"),
                        product("vendor"),
                        s("pack_version"),
                        s("spec_revision"),
                        s("generated_at"),
                    ) + &folder(c, Lang::Ja),
                    Lang::En => format!(
                        "{}: good signature (key {}). Profile {}, verdict {}, product {} {} ({}), pack {}, revision {}, made {}",
                        a.cert.display(),
                        sign::fingerprint(&key),
                        s("profile"),
                        s("verdict"),
                        product("product"),
                        product("version"),
                        product("vendor"),
                        s("pack_version"),
                        s("spec_revision"),
                        s("generated_at"),
                    ) + &folder(c, Lang::En),
                }
            );
            if a.submission.is_some() {
                outln!(
                    "{}",
                    match lang {
                        Lang::Ja => format!(
                            "提出の {} 件のファイルは証明書の SHA-256 と一致します",
                            v.files_checked
                        ),
                        Lang::En => format!(
                            "the {} files of the submission match the certificate's SHA-256",
                            v.files_checked
                        ),
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "{}: {}",
                Text::new("検証に失敗しました", "verification failed").get(lang),
                e.get(lang)
            );
            ExitCode::from(1)
        }
    }
}

/// For a certificate made against a revision folder (a draft) rather than
/// the revision built in: that folder and the hash of its data.
fn folder(c: &serde_json::Value, lang: Lang) -> String {
    match (c["revision_source"].as_str(), c["revision_folder"].as_str()) {
        (Some("folder"), Some(dir)) => {
            let hash = c["revision_sha256"].as_str().unwrap_or("");
            match lang {
                Lang::Ja => format!("（標準仕様のデータは版のフォルダ {dir}、SHA-256 {hash}）"),
                Lang::En => format!(" (revision data from the folder {dir}, SHA-256 {hash})"),
            }
        }
        _ => String::new(),
    }
}
