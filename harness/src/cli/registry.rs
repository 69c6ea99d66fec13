//! `registry`: the public list of certified products, from the signed
//! certificates under a folder.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::certify::{registry, sign};
use careplan_conformance::finding::{Lang, Text};

use super::{outln, outputs_clear_of_inputs};

#[derive(clap::Args)]
pub struct Args {
    /// The folder holding the certificates (every certificate.json under
    /// it, each with its certificate.json.sig).
    cert_dir: PathBuf,
    /// The register's OpenSSH public key (repeat for several keys, e.g.
    /// across a key change).
    #[arg(long, required = true)]
    key: Vec<PathBuf>,
    /// Where to write index.html and registry.json.
    #[arg(long)]
    out: PathBuf,
    /// Revocations (TOML): `[[revoked]]` with `certificate_sha256` or `key`,
    /// `date` (YYYY-MM-DD) and `reason`.
    #[arg(long)]
    revocations: Option<PathBuf>,
}

fn error(lang: Lang, e: &Text) -> ExitCode {
    eprintln!(
        "{}: {}",
        Text::new("エラー", "error").get(lang),
        e.get(lang)
    );
    ExitCode::from(2)
}

/// Exits 0 when the register is written (certificates left out are listed
/// on standard error), 2 when the keys, the folder or the revocations
/// cannot be read or the register cannot be written.
pub fn run(a: Args, lang: Lang) -> ExitCode {
    // The register is written beside the certificates, never among them
    // nor over a key or the revocations.
    let mut inputs = vec![a.cert_dir.as_path()];
    inputs.extend(a.key.iter().map(PathBuf::as_path));
    inputs.extend(a.revocations.as_deref());
    if !outputs_clear_of_inputs(&inputs, &[("--out", &a.out)]) {
        return ExitCode::from(2);
    }
    let mut keys = Vec::new();
    for k in &a.key {
        match sign::read_public_key(k) {
            Ok(k) => keys.push(k),
            Err(e) => return error(lang, &e),
        }
    }
    if !a.cert_dir.is_dir() {
        return error(
            lang,
            &Text::new(
                format!("{}: フォルダがありません", a.cert_dir.display()),
                format!("{}: no such folder", a.cert_dir.display()),
            ),
        );
    }
    let revocations = match a.revocations.as_deref().map(registry::Revocations::read) {
        Some(Err(e)) => return error(lang, &e),
        Some(Ok(r)) => r,
        None => registry::Revocations::default(),
    };
    let r = registry::build(&a.cert_dir, &keys, &revocations);
    let written = std::fs::create_dir_all(&a.out)
        .and_then(|()| std::fs::write(a.out.join("index.html"), registry::html(&r)))
        .and_then(|()| std::fs::write(a.out.join("registry.json"), registry::registry_json(&r)));
    if let Err(e) = written {
        return error(
            lang,
            &Text::new(
                format!("{}: {e}", a.out.display()),
                format!("{}: {e}", a.out.display()),
            ),
        );
    }
    for l in registry::excluded_lines(&r, lang) {
        eprintln!("{l}");
    }
    let valid = r.entries.iter().filter(|e| e.status == "valid").count();
    outln!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "登録 {} 件（有効 {}、置換済 {}）、取消 {} 件、載せなかった証明書 {} 件。index.html と registry.json を {} に書きました",
                r.entries.len(),
                valid,
                r.entries.len() - valid,
                r.revoked.len(),
                r.excluded.len(),
                a.out.display()
            ),
            Lang::En => format!(
                "{} registered ({} valid, {} superseded), {} revoked, {} certificates left out; index.html and registry.json written in {}",
                r.entries.len(),
                valid,
                r.entries.len() - valid,
                r.revoked.len(),
                r.excluded.len(),
                a.out.display()
            ),
        }
    );
    ExitCode::SUCCESS
}
