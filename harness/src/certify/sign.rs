//! Signed certificates: `certificate.json.sig` is an OpenSSH signature
//! (SSHSIG, the format `ssh-keygen -Y sign` writes) over the bytes of
//! `certificate.json`, made with an ed25519 key, so that anyone can check a
//! certificate with plain OpenSSH:
//!
//! ```sh
//! echo "association $(cat key.pub)" > allowed_signers
//! ssh-keygen -Y verify -f allowed_signers -I association \
//!   -n careplan-conformance-certificate -s certificate.json.sig < certificate.json
//! ```
//!
//! [`verify`] checks the same signature, and with the submission, that every
//! file the certificate lists still has its SHA-256.

use std::path::Path;

use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

use crate::finding::Text;

/// The SSHSIG namespace of certificates: a signature made for another
/// purpose (a git commit, a file) is not a certificate's.
pub const NAMESPACE: &str = "careplan-conformance-certificate";

/// Reads an OpenSSH ed25519 private key (unencrypted).
pub fn read_private_key(path: &Path) -> Result<PrivateKey, Text> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Text::new(
            format!("{}: 鍵を読めません: {e}", path.display()),
            format!("{}: cannot read the key: {e}", path.display()),
        )
    })?;
    let key = PrivateKey::from_openssh(&text).map_err(|e| {
        Text::new(
            format!("{}: OpenSSH の秘密鍵として読めません: {e}", path.display()),
            format!("{}: not an OpenSSH private key: {e}", path.display()),
        )
    })?;
    if key.is_encrypted() {
        return Err(Text::new(
            format!(
                "{}: パスフレーズ付きの鍵には対応していません（署名用の鍵はパスフレーズなしで作り、安全な場所に置いてください）",
                path.display()
            ),
            format!(
                "{}: keys with a passphrase are not supported (make the signing key without one and keep it safe)",
                path.display()
            ),
        ));
    }
    if key.algorithm() != ssh_key::Algorithm::Ed25519 {
        return Err(Text::new(
            format!(
                "{}: ed25519 の鍵ではありません（{}）",
                path.display(),
                key.algorithm()
            ),
            format!(
                "{}: not an ed25519 key ({})",
                path.display(),
                key.algorithm()
            ),
        ));
    }
    Ok(key)
}

/// Reads an OpenSSH public key (`ssh-ed25519 AAAA… comment`).
pub fn read_public_key(path: &Path) -> Result<PublicKey, Text> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Text::new(
            format!("{}: 公開鍵を読めません: {e}", path.display()),
            format!("{}: cannot read the public key: {e}", path.display()),
        )
    })?;
    PublicKey::from_openssh(text.trim()).map_err(|e| {
        Text::new(
            format!("{}: OpenSSH の公開鍵として読めません: {e}", path.display()),
            format!("{}: not an OpenSSH public key: {e}", path.display()),
        )
    })
}

/// The SSHSIG of `message` in PEM form (`-----BEGIN SSH SIGNATURE-----`).
pub fn sign(key: &PrivateKey, message: &[u8]) -> Result<String, Text> {
    key.sign(NAMESPACE, HashAlg::Sha512, message)
        .and_then(|s| s.to_pem(LineEnding::LF))
        .map_err(|e| Text::new(format!("署名できません: {e}"), format!("cannot sign: {e}")))
}

/// The key's fingerprint as `ssh-keygen -l` prints it (`SHA256:…`).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Checks that `signature` (PEM) is a certificate signature over `message`
/// by `key`. The error says why not.
pub fn verify_signature(key: &PublicKey, message: &[u8], signature: &str) -> Result<(), Text> {
    let sig = SshSig::from_pem(signature.trim()).map_err(|e| {
        Text::new(
            format!("署名ファイルを SSHSIG として読めません: {e}"),
            format!("the signature file is not an SSHSIG: {e}"),
        )
    })?;
    if sig.public_key() != key.key_data() {
        let signer = PublicKey::from(sig.public_key().clone());
        return Err(Text::new(
            format!(
                "別の鍵による署名です（署名の鍵 {}、指定の鍵 {}）",
                fingerprint(&signer),
                fingerprint(key)
            ),
            format!(
                "signed by another key (signature's key {}, key given {})",
                fingerprint(&signer),
                fingerprint(key)
            ),
        ));
    }
    if sig.namespace() != NAMESPACE {
        return Err(Text::new(
            format!(
                "署名の名前空間が {} ではありません（{}）",
                NAMESPACE,
                sig.namespace()
            ),
            format!(
                "the signature's namespace is not {} ({})",
                NAMESPACE,
                sig.namespace()
            ),
        ));
    }
    key.verify(NAMESPACE, message, &sig).map_err(|_| {
        Text::new(
            "署名が証明書の内容と合いません（証明書が書き換えられています）",
            "the signature does not match the certificate's content (the certificate was changed)",
        )
    })
}

/// The key that made a signature, for a register that accepts several.
pub fn signer(signature: &str) -> Option<PublicKey> {
    SshSig::from_pem(signature.trim())
        .ok()
        .map(|s| PublicKey::from(s.public_key().clone()))
}

/// What [`verify`] found.
#[derive(Debug)]
pub struct Verified {
    pub certificate: serde_json::Value,
    /// The files of the submission checked against their SHA-256.
    pub files_checked: usize,
}

/// Verifies a certificate: its signature (`CERT.sig`) by `key`, and given
/// the submission, that every file it lists has the SHA-256 it records and
/// that no file of a judged scenario is missing from it.
pub fn verify(key: &PublicKey, cert: &Path, submission: Option<&Path>) -> Result<Verified, Text> {
    let bytes = std::fs::read(cert).map_err(|e| {
        Text::new(
            format!("{}: 読めません: {e}", cert.display()),
            format!("{}: cannot read: {e}", cert.display()),
        )
    })?;
    let sig_path = {
        let mut p = cert.as_os_str().to_owned();
        p.push(".sig");
        std::path::PathBuf::from(p)
    };
    let sig = std::fs::read_to_string(&sig_path).map_err(|e| {
        Text::new(
            format!("{}: 署名ファイルがありません: {e}", sig_path.display()),
            format!("{}: no signature file: {e}", sig_path.display()),
        )
    })?;
    verify_signature(key, &bytes, &sig)?;
    let certificate: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Text::new(
            format!("{}: JSON として読めません: {e}", cert.display()),
            format!("{}: not JSON: {e}", cert.display()),
        )
    })?;
    let mut files_checked = 0;
    if let Some(dir) = submission {
        let listed = certificate["files"].as_array().cloned().unwrap_or_default();
        let mut problems: Vec<Text> = Vec::new();
        for f in &listed {
            let (Some(path), Some(want)) = (f["path"].as_str(), f["sha256"].as_str()) else {
                continue;
            };
            if path.split('/').any(|s| s == ".." || s.is_empty()) {
                problems.push(Text::new(
                    format!("{path}: 提出フォルダの外を指すパスです"),
                    format!("{path}: a path outside the submission"),
                ));
                continue;
            }
            match std::fs::read(dir.join(path)) {
                Err(_) => problems.push(Text::new(
                    format!("{path}: 提出フォルダにありません"),
                    format!("{path}: not in the submission"),
                )),
                Ok(b) => {
                    files_checked += 1;
                    let got = super::pack::sha256_hex(&b);
                    if got != want {
                        problems.push(Text::new(
                            format!("{path}: SHA-256 が証明書と異なります（証明書 {want}、提出 {got}）"),
                            format!("{path}: SHA-256 differs from the certificate's (certificate {want}, submission {got})"),
                        ));
                    }
                }
            }
        }
        // A file added to a judged scenario's folder is not what was judged.
        let rev = crate::spec::revision(
            certificate["spec_revision"]
                .as_str()
                .unwrap_or(crate::spec::DEFAULT_REVISION),
        )
        .or_else(|| crate::spec::revision(crate::spec::DEFAULT_REVISION));
        let scenario_dirs: std::collections::BTreeSet<&str> = listed
            .iter()
            .filter_map(|f| f["path"].as_str()?.split_once('/').map(|(d, _)| d))
            .collect();
        for d in scenario_dirs {
            let Ok(rd) = std::fs::read_dir(dir.join(d)) else {
                continue;
            };
            let mut names: Vec<String> = rd
                .flatten()
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| {
                    n == "attestation.toml"
                        || rev.is_some_and(|r| crate::input::filename::is_candidate(n, r))
                })
                .collect();
            names.sort();
            for n in names {
                let path = format!("{d}/{n}");
                if !listed.iter().any(|f| f["path"] == path.as_str()) {
                    problems.push(Text::new(
                        format!("{path}: 証明書にないファイルです"),
                        format!("{path}: a file the certificate does not list"),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(Text::new(
                problems
                    .iter()
                    .map(|p| p.ja.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
                problems
                    .iter()
                    .map(|p| p.en.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
    }
    Ok(Verified {
        certificate,
        files_checked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> PrivateKey {
        // A fixed seed: tests need no randomness and stay reproducible.
        let kp = ssh_key::private::Ed25519Keypair::from_seed(&[7u8; 32]);
        PrivateKey::from(kp)
    }

    #[test]
    fn a_signature_verifies_and_an_edit_does_not() {
        let k = key();
        let sig = sign(&k, b"{\"verdict\": \"passed\"}").unwrap();
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----"));
        let public = k.public_key().clone();
        verify_signature(&public, b"{\"verdict\": \"passed\"}", &sig).unwrap();
        let e = verify_signature(&public, b"{\"verdict\": \"failed\"}", &sig).unwrap_err();
        assert!(e.en.contains("does not match"), "{}", e.en);
        let other = PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[8u8; 32]));
        let e =
            verify_signature(other.public_key(), b"{\"verdict\": \"passed\"}", &sig).unwrap_err();
        assert!(e.en.contains("another key"), "{}", e.en);
    }

    #[test]
    fn a_signature_for_another_namespace_is_not_a_certificates() {
        let k = key();
        let sig = k
            .sign("file", HashAlg::Sha512, b"x")
            .unwrap()
            .to_pem(LineEnding::LF)
            .unwrap();
        let e = verify_signature(k.public_key(), b"x", &sig).unwrap_err();
        assert!(e.en.contains("namespace"), "{}", e.en);
    }
}
