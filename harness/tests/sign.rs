//! Signed certificates: `certify --sign-key` writes an SSHSIG that plain
//! OpenSSH (`ssh-keygen -Y verify`) accepts, and `verify` refuses an edited
//! verdict, a swapped file and another key, each with its reason.

mod common;

use common::trials::{self, needs, SSH_KEYGEN};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ssh_key::{private::Ed25519Keypair, LineEnding, PrivateKey};

fn main() {
    let mut trials = trials![
        verify_accepts_the_certificate_and_its_submission,
        an_edited_verdict_fails_verification,
        a_swapped_file_fails_verification_and_is_named,
        another_key_fails_verification,
        a_bad_signing_key_is_a_usage_error_and_writes_nothing,
    ];
    trials.push(needs(
        &[&SSH_KEYGEN],
        "a_signed_certificate_verifies_with_plain_openssh",
        a_signed_certificate_verifies_with_plain_openssh,
    ));
    trials::run(trials, &[&SSH_KEYGEN]);
}

/// An ed25519 key pair written as OpenSSH files (`NAME`, `NAME.pub`), from a
/// fixed seed.
fn key(dir: &Path, name: &str, seed: u8) -> (PathBuf, PathBuf) {
    let k = PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]));
    let private = dir.join(name);
    let public = dir.join(format!("{name}.pub"));
    std::fs::write(&private, k.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::write(&public, k.public_key().to_openssh().unwrap() + "\n").unwrap();
    (private, public)
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A signed certificate of the service-provider reference submission, with
/// the product named: (work dir, submission, certificate, public key).
fn signed(name: &str) -> (PathBuf, PathBuf, PathBuf, PathBuf) {
    let work = common::scratch(name);
    let sub = work.join("submission");
    copy_tree(
        &common::root().join("cases/certification/reference/service-provider"),
        &sub,
    );
    let (private, public) = key(&work, "association", 7);
    let out = work.join("cert");
    let o = common::run(&[
        "certify",
        "--profile",
        "service-provider",
        "--submission",
        sub.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--generated-at",
        "2026-01-01T00:00:00Z",
        "--vendor",
        "見本ソフト株式会社",
        "--product",
        "見本ケア 訪問",
        "--product-version",
        "1.0",
        "--sign-key",
        private.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (work, sub, out.join("certificate.json"), public)
}

fn verify(args: &[&str]) -> Output {
    let mut a = vec!["verify"];
    a.extend_from_slice(args);
    common::run(&a)
}

fn a_signed_certificate_verifies_with_plain_openssh() {
    let (work, _, cert, public) = signed("sign-openssh");
    let sig = cert.with_file_name("certificate.json.sig");
    let text = std::fs::read_to_string(&sig).unwrap();
    assert!(
        text.starts_with("-----BEGIN SSH SIGNATURE-----\n"),
        "{text}"
    );
    let bin = "ssh-keygen";
    // As the README shows it.
    let signers = work.join("allowed_signers");
    std::fs::write(
        &signers,
        format!("association {}", std::fs::read_to_string(&public).unwrap()),
    )
    .unwrap();
    let o = Command::new(bin)
        .args(["-Y", "verify", "-f"])
        .arg(&signers)
        .args([
            "-I",
            "association",
            "-n",
            "careplan-conformance-certificate",
            "-s",
        ])
        .arg(&sig)
        .stdin(std::fs::File::open(&cert).unwrap())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("Good \"careplan-conformance-certificate\" signature for association"));
    // An edited certificate fails there too.
    let edited = work.join("edited.json");
    std::fs::write(
        &edited,
        std::fs::read_to_string(&cert)
            .unwrap()
            .replace("\"version\": \"1.0\"", "\"version\": \"9.0\""),
    )
    .unwrap();
    let o = Command::new(bin)
        .args(["-Y", "verify", "-f"])
        .arg(&signers)
        .args([
            "-I",
            "association",
            "-n",
            "careplan-conformance-certificate",
            "-s",
        ])
        .arg(&sig)
        .stdin(std::fs::File::open(&edited).unwrap())
        .output()
        .unwrap();
    assert!(!o.status.success());
    // And the other way: what ssh-keygen -Y sign writes, verify accepts.
    let (private, _) = key(&work, "second", 9);
    std::fs::set_permissions(
        &private,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let other = work.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::copy(&cert, other.join("certificate.json")).unwrap();
    let o = Command::new(bin)
        .args(["-Y", "sign", "-f"])
        .arg(&private)
        .args(["-n", "careplan-conformance-certificate"])
        .arg(other.join("certificate.json"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = verify(&[
        "--key",
        work.join("second.pub").to_str().unwrap(),
        other.join("certificate.json").to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn verify_accepts_the_certificate_and_its_submission() {
    let (_, sub, cert, public) = signed("sign-ok");
    let o = verify(&[
        "--key",
        public.to_str().unwrap(),
        cert.to_str().unwrap(),
        "--submission",
        sub.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("署名は正しい"), "{out}");
    assert!(
        out.contains("製品 見本ケア 訪問 1.0（見本ソフト株式会社）"),
        "{out}"
    );
    assert!(
        out.contains("提出の 6 件のファイルは証明書の SHA-256 と一致します"),
        "{out}"
    );
    let o = common::run(&[
        "--lang",
        "en",
        "verify",
        "--key",
        public.to_str().unwrap(),
        cert.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("good signature"));
}

fn an_edited_verdict_fails_verification() {
    let (_, _, cert, public) = signed("sign-edit");
    let text = std::fs::read_to_string(&cert).unwrap();
    // A failed certificate made to look passed is the same kind of edit.
    std::fs::write(
        &cert,
        text.replace("\"status\": \"passed\"", "\"status\": \"failed\""),
    )
    .unwrap();
    let o = verify(&["--key", public.to_str().unwrap(), cert.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("署名が証明書の内容と合いません（証明書が書き換えられています）"),
        "{err}"
    );
}

fn a_swapped_file_fails_verification_and_is_named() {
    let (_, sub, cert, public) = signed("sign-swap");
    // s02's reply replaced by the same file from another export.
    let dir = sub.join("s02-import-use-slip-reply-jisseki");
    let f = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "CSV"))
        .unwrap();
    let mut bytes = std::fs::read(&f).unwrap();
    let at = bytes.windows(4).position(|w| w == b"0930").unwrap();
    bytes[at..at + 4].copy_from_slice(b"0935");
    std::fs::write(&f, bytes).unwrap();
    let o = verify(&[
        "--key",
        public.to_str().unwrap(),
        cert.to_str().unwrap(),
        "--submission",
        sub.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    let name = f.file_name().unwrap().to_string_lossy();
    assert!(
        err.contains(&format!(
            "s02-import-use-slip-reply-jisseki/{name}: SHA-256 が証明書と異なります"
        )),
        "{err}"
    );
    // A file added to a judged folder is not what was judged either.
    std::fs::write(
        sub.join("s11-delete-jisseki/DLTJSK_202504_1371000025_11_1371000017_43_20250325093001.CSV"),
        b"202407\r\n",
    )
    .unwrap();
    let o = common::run(&[
        "--lang",
        "en",
        "verify",
        "--key",
        public.to_str().unwrap(),
        cert.to_str().unwrap(),
        "--submission",
        sub.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("verification failed"), "{err}");
    assert!(
        err.contains("s11-delete-jisseki/DLTJSK_202504_1371000025_11_1371000017_43_20250325093001.CSV: a file the certificate does not list"),
        "{err}"
    );
}

fn another_key_fails_verification() {
    let (work, _, cert, _) = signed("sign-key");
    let (_, other) = key(&work, "other", 11);
    let o = verify(&["--key", other.to_str().unwrap(), cert.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("別の鍵による署名です"), "{err}");
    // No signature at all.
    std::fs::remove_file(cert.with_file_name("certificate.json.sig")).unwrap();
    let o = verify(&["--key", other.to_str().unwrap(), cert.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("署名ファイルがありません"));
    // A key file that is not a key is a usage error.
    let o = verify(&["--key", cert.to_str().unwrap(), cert.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

fn a_bad_signing_key_is_a_usage_error_and_writes_nothing() {
    let work = common::scratch("sign-badkey");
    std::fs::write(work.join("not-a-key"), "hello\n").unwrap();
    let out = work.join("out");
    let o = common::run(&[
        "certify",
        "--profile",
        "service-provider",
        "--submission",
        common::root()
            .join("cases/certification/reference/service-provider")
            .to_str()
            .unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign-key",
        work.join("not-a-key").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("OpenSSH の秘密鍵として読めません"));
    assert!(!out.join("certificate.json").exists());
}
