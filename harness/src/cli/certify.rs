//! `certify`: a vendor's submission judged against a certification profile,
//! with certificate.json, junit.xml and summary.md.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::finding::{Lang, Text};
use careplan_conformance::{certify, values};

use super::{is_local_timestamp, load_pack, out, outputs_clear_of_inputs, SpecDirs};

#[derive(clap::Args)]
pub struct Args {
    /// The profile (`careplan-conformance profiles` lists them).
    #[arg(long)]
    profile: String,
    /// The submission: one folder per scenario ID with what the product exported.
    #[arg(long)]
    submission: PathBuf,
    /// Where to write certificate.json, junit.xml and summary.md
    /// (default: reports/certify/PROFILE).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The time written in the certificate (YYYY-MM-DDTHH:MM:SSZ); the
    /// current time when absent. Fix it for a reproducible certificate.
    #[arg(long)]
    generated_at: Option<String>,
    /// A scenario pack folder instead of the embedded one.
    #[arg(long)]
    pack: Option<PathBuf>,
    /// The vendor (overrides `vendor` of SUBMISSION/submission.toml).
    #[arg(long)]
    vendor: Option<String>,
    /// The product's name (overrides `product` of submission.toml).
    #[arg(long)]
    product: Option<String>,
    /// The product's version (overrides `version` of submission.toml).
    #[arg(long)]
    product_version: Option<String>,
    /// Sign the certificate with this OpenSSH ed25519 private key: writes
    /// certificate.json.sig (SSHSIG, as `ssh-keygen -Y sign`, namespace
    /// careplan-conformance-certificate).
    #[arg(long)]
    sign_key: Option<PathBuf>,
    /// Show personal data (names, insured numbers, health, free text) in
    /// the certificate, the JUnit report and the summary instead of
    /// masking it.
    #[arg(long)]
    show_personal_data: bool,
    /// The pack names its revision by id; a revision folder with that id
    /// (a draft) makes the id known. The certificate then names the folder
    /// beside the hash of its data.
    #[command(flatten)]
    spec_dirs: SpecDirs,
}

/// `YYYY-MM-DDTHH:MM:SSZ`, a real time.
fn is_utc_timestamp(t: &str) -> bool {
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    t.len() == 20
        && t.ends_with('Z')
        && is_local_timestamp(&t[..19])
        && values::is_timestamp(&digits)
}

pub fn run(a: Args, lang: Lang) -> ExitCode {
    let profile = a.profile.as_str();
    if !a.spec_dirs.load() {
        return ExitCode::from(2);
    }
    let Some(pack) = load_pack(a.pack.as_deref()) else {
        return ExitCode::from(2);
    };
    let Some(p) = pack.profile(profile) else {
        eprintln!("error: no profile '{profile}' (`careplan-conformance profiles` lists them)");
        return ExitCode::from(2);
    };
    let generated_at = match a.generated_at {
        Some(t) if !is_utc_timestamp(&t) => {
            eprintln!("error: --generated-at must be YYYY-MM-DDTHH:MM:SSZ, not '{t}'");
            return ExitCode::from(2);
        }
        Some(t) => t,
        None => certify::now_utc(),
    };
    let product = match certify::Product::from_submission(&a.submission) {
        Ok(p) => p.overridden(certify::Product {
            vendor: a.vendor,
            name: a.product,
            version: a.product_version,
        }),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // The key is read before judging: a bad key is a usage error, not a
    // certificate without its signature.
    let key = match a.sign_key.as_deref().map(certify::sign::read_private_key) {
        Some(Err(e)) => {
            eprintln!(
                "{}: {}",
                Text::new("エラー", "error").get(lang),
                e.get(lang)
            );
            return ExitCode::from(2);
        }
        Some(Ok(k)) => Some(k),
        None => None,
    };
    let c = match certify::certify_showing(
        &pack,
        p,
        &a.submission,
        &generated_at,
        product,
        a.show_personal_data,
        lang,
    ) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let out = a
        .out
        .unwrap_or_else(|| PathBuf::from("reports/certify").join(profile));
    let mut inputs = vec![a.submission.as_path()];
    inputs.extend(a.pack.as_deref());
    inputs.extend(a.sign_key.as_deref());
    if !outputs_clear_of_inputs(&inputs, &[("--out", &out)]) {
        return ExitCode::from(2);
    }
    let cert = certify::certificate_json(&c);
    let sig = match key
        .as_ref()
        .map(|k| certify::sign::sign(k, cert.as_bytes()))
    {
        Some(Err(e)) => {
            eprintln!(
                "{}: {}",
                Text::new("エラー", "error").get(lang),
                e.get(lang)
            );
            return ExitCode::from(2);
        }
        Some(Ok(s)) => Some(s),
        None => None,
    };
    // A stale signature beside a new certificate would not verify.
    let _ = std::fs::remove_file(out.join("certificate.json.sig"));
    let written = std::fs::create_dir_all(&out)
        .and_then(|()| std::fs::write(out.join("certificate.json"), &cert))
        .and_then(|()| match &sig {
            Some(s) => std::fs::write(out.join("certificate.json.sig"), s),
            None => Ok(()),
        })
        .and_then(|()| std::fs::write(out.join("junit.xml"), certify::junit(&c)))
        .and_then(|()| std::fs::write(out.join("summary.md"), certify::summary_markdown(&c)));
    if let Err(e) = written {
        eprintln!("error: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    out!("{}", certify::human(&c, &out, sig.is_some(), lang));
    if c.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_at_is_a_real_utc_time() {
        assert!(super::is_utc_timestamp("2026-01-01T00:00:00Z"));
        assert!(!super::is_utc_timestamp("2026-01-01T00:00:00"));
        assert!(!super::is_utc_timestamp("2026-02-30T00:00:00Z"));
        assert!(!super::is_utc_timestamp("2026-01-01"));
    }
}
