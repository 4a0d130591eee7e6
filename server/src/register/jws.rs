//! Compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037), by hand on
//! top of `ed25519-dalek`: the format is three base64url parts joined by
//! dots, which is less code than adapting a JOSE library's key types, and
//! `ed25519-dalek` is the maintained, audited Ed25519 implementation of the
//! Rust ecosystem (pure Rust, constant time, `verify_strict` refuses weak
//! keys and malleable signatures).

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::api::register::{Jwk, JwkSet, ALGORITHM};

/// A signing key with its id.
#[derive(Clone)]
pub struct KeyPair {
    pub kid: String,
    pub key: SigningKey,
}

impl KeyPair {
    pub fn new(key: SigningKey) -> Self {
        KeyPair {
            kid: kid_of(&key.verifying_key()),
            key,
        }
    }
}

impl std::fmt::Debug for KeyPair {
    // Never the secret, not even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair").field("kid", &self.kid).finish()
    }
}

/// The JWK `x` of a public key: its 32 bytes, base64url.
pub fn public_x(key: &VerifyingKey) -> String {
    B64.encode(key.as_bytes())
}

/// RFC 7638 thumbprint: SHA-256 of the required members in lexicographic
/// order without whitespace. Derived from the key, so an operator never has
/// to name key ids, and any verifier can recompute it.
pub fn kid_of(key: &VerifyingKey) -> String {
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, public_x(key));
    B64.encode(Sha256::digest(canonical.as_bytes()))
}

pub fn jwk(key: &VerifyingKey) -> Jwk {
    Jwk {
        kty: "OKP".into(),
        crv: "Ed25519".into(),
        x: public_x(key),
        kid: kid_of(key),
        alg: ALGORITHM.into(),
        use_: "sig".into(),
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    kid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    typ: Option<String>,
}

/// `header.payload.signature` of `claims`, signed with `key`.
pub fn sign<T: Serialize>(key: &KeyPair, claims: &T) -> Result<String, serde_json::Error> {
    let header = serde_json::to_vec(&Header {
        alg: ALGORITHM.into(),
        kid: key.kid.clone(),
        typ: Some("JWT".into()),
    })?;
    let payload = serde_json::to_vec(claims)?;
    let input = format!("{}.{}", B64.encode(header), B64.encode(payload));
    let signature = key.key.sign(input.as_bytes());
    Ok(format!("{input}.{}", B64.encode(signature.to_bytes())))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("not a compact JWS")]
    Malformed,
    #[error("algorithm other than EdDSA")]
    Algorithm,
    #[error("no published key with this kid")]
    UnknownKey,
    #[error("signature does not match")]
    BadSignature,
}

/// Checks `statement` against the published `keys` and returns its claims.
/// What an employer's software does; the tests use it besides an
/// independent check with the raw key.
pub fn verify<T: for<'de> Deserialize<'de>>(
    statement: &str,
    keys: &JwkSet,
) -> Result<T, VerifyError> {
    let mut parts = statement.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(VerifyError::Malformed);
    };
    let header: Header = B64
        .decode(header)
        .ok()
        .and_then(|h| serde_json::from_slice(&h).ok())
        .ok_or(VerifyError::Malformed)?;
    if header.alg != ALGORITHM {
        return Err(VerifyError::Algorithm);
    }
    let jwk = keys
        .keys
        .iter()
        .find(|k| k.kid == header.kid && k.kty == "OKP" && k.crv == "Ed25519")
        .ok_or(VerifyError::UnknownKey)?;
    let key = decode_public(&jwk.x).ok_or(VerifyError::UnknownKey)?;
    let signature: [u8; 64] = B64
        .decode(signature)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or(VerifyError::Malformed)?;
    // The signing input is everything before the last dot.
    let input = statement.rsplit_once('.').map_or("", |(input, _)| input);
    key.verify_strict(input.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| VerifyError::BadSignature)?;
    B64.decode(payload)
        .ok()
        .and_then(|p| serde_json::from_slice(&p).ok())
        .ok_or(VerifyError::Malformed)
}

/// A public key from its JWK `x`.
pub fn decode_public(x: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = B64.decode(x.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(seed: u8) -> KeyPair {
        KeyPair::new(SigningKey::from_bytes(&[seed; 32]))
    }

    #[test]
    fn a_statement_verifies_and_a_changed_one_does_not() {
        let key = pair(7);
        let keys = JwkSet {
            keys: vec![jwk(&key.key.verifying_key())],
        };
        let claims = serde_json::json!({"sub": "RJ-1", "name": "Kim"});
        let jws = sign(&key, &claims).unwrap();
        let back: serde_json::Value = verify(&jws, &keys).unwrap();
        assert_eq!(back, claims);

        let (input, sig) = jws.rsplit_once('.').unwrap();
        let (header, _) = input.split_once('.').unwrap();
        let other = B64.encode(br#"{"sub":"RJ-1","name":"Kees"}"#);
        let forged = format!("{header}.{other}.{sig}");
        assert_eq!(
            verify::<serde_json::Value>(&forged, &keys),
            Err(VerifyError::BadSignature)
        );
        let unknown = JwkSet {
            keys: vec![jwk(&pair(8).key.verifying_key())],
        };
        assert_eq!(
            verify::<serde_json::Value>(&jws, &unknown),
            Err(VerifyError::UnknownKey)
        );
        assert_eq!(
            verify::<serde_json::Value>("a.b", &keys),
            Err(VerifyError::Malformed)
        );
    }

    #[test]
    fn kid_is_the_rfc7638_thumbprint() {
        // RFC 8037 appendix A.3: the thumbprint of its example key.
        let x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
        let key = decode_public(x).unwrap();
        assert_eq!(kid_of(&key), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }
}
