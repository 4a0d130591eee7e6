//! A software passkey authenticator: the smallest honest stand-in for a
//! platform authenticator, built from p256 and CBOR. It makes discoverable
//! ES256 credentials with user verification, returns the user handle on
//! sign-in (which webauthn-authenticator-rs's SoftPasskey does not, so it
//! cannot do discoverable sign-in) and signs exactly what a browser would.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ciborium::Value as Cbor;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;

#[derive(Clone)]
pub struct Credential {
    pub id: Vec<u8>,
    pub rp_id: String,
    pub user_handle: Vec<u8>,
    key: SigningKey,
    counter: u32,
}

#[derive(Clone, Default)]
pub struct SoftAuthenticator {
    pub credentials: Vec<Credential>,
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(value: &Value) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(value.as_str().expect("base64url string"))
        .expect("base64url")
}

fn client_data(kind: &str, challenge: &Value, origin: &str) -> Vec<u8> {
    json!({
        "type": kind,
        "challenge": challenge,
        "origin": origin,
        "crossOrigin": false,
    })
    .to_string()
    .into_bytes()
}

impl SoftAuthenticator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers `navigator.credentials.create()` for the `options` the server
    /// sent (its `{"publicKey": …}` object), as a page at `origin` would.
    pub fn register(&mut self, origin: &str, options: &Value) -> Value {
        let pk = &options["publicKey"];
        let rp_id = pk["rp"]["id"].as_str().expect("rp.id").to_string();
        assert_eq!(
            pk["authenticatorSelection"]["residentKey"], "required",
            "the server asks for a discoverable credential"
        );
        assert_eq!(pk["authenticatorSelection"]["userVerification"], "required");
        let excluded: Vec<Vec<u8>> = pk["excludeCredentials"]
            .as_array()
            .map(|a| a.iter().map(|c| unb64(&c["id"])).collect())
            .unwrap_or_default();
        assert!(
            !self.credentials.iter().any(|c| excluded.contains(&c.id)),
            "InvalidStateError: this authenticator already holds an excluded credential"
        );

        let key = SigningKey::from_slice(&rand::random::<[u8; 32]>()).expect("valid P-256 scalar");
        let id: Vec<u8> = (0..32).map(|_| rand::random::<u8>()).collect();
        let point = key.verifying_key().to_encoded_point(false);
        let cose = Cbor::Map(vec![
            (Cbor::Integer(1.into()), Cbor::Integer(2.into())),
            (Cbor::Integer(3.into()), Cbor::Integer((-7).into())),
            (Cbor::Integer((-1).into()), Cbor::Integer(1.into())),
            (
                Cbor::Integer((-2).into()),
                Cbor::Bytes(point.x().expect("x").to_vec()),
            ),
            (
                Cbor::Integer((-3).into()),
                Cbor::Bytes(point.y().expect("y").to_vec()),
            ),
        ]);
        let mut cose_bytes = Vec::new();
        ciborium::into_writer(&cose, &mut cose_bytes).expect("cbor");

        let mut auth_data = Sha256::digest(rp_id.as_bytes()).to_vec();
        auth_data.push(UP | UV | AT);
        auth_data.extend_from_slice(&0u32.to_be_bytes());
        auth_data.extend_from_slice(&[0u8; 16]);
        auth_data.extend_from_slice(&(id.len() as u16).to_be_bytes());
        auth_data.extend_from_slice(&id);
        auth_data.extend_from_slice(&cose_bytes);

        let attestation = Cbor::Map(vec![
            (Cbor::Text("fmt".into()), Cbor::Text("none".into())),
            (Cbor::Text("attStmt".into()), Cbor::Map(vec![])),
            (Cbor::Text("authData".into()), Cbor::Bytes(auth_data)),
        ]);
        let mut attestation_bytes = Vec::new();
        ciborium::into_writer(&attestation, &mut attestation_bytes).expect("cbor");

        let client_data_json = client_data("webauthn.create", &pk["challenge"], origin);
        self.credentials.push(Credential {
            id: id.clone(),
            rp_id,
            user_handle: unb64(&pk["user"]["id"]),
            key,
            counter: 0,
        });
        json!({
            "id": b64(&id),
            "rawId": b64(&id),
            "type": "public-key",
            "response": {
                "attestationObject": b64(&attestation_bytes),
                "clientDataJSON": b64(&client_data_json),
            },
            "extensions": {},
        })
    }

    /// Answers `navigator.credentials.get()`: with an empty allow list (a
    /// discoverable sign-in) it uses its newest credential for the RP.
    pub fn authenticate(&mut self, origin: &str, options: &Value) -> Value {
        let index = self.pick(options);
        self.sign_with(index, origin, options)
    }

    pub fn pick(&self, options: &Value) -> usize {
        let pk = &options["publicKey"];
        let rp_id = pk["rpId"].as_str().expect("rpId");
        let allowed: Vec<Vec<u8>> = pk["allowCredentials"]
            .as_array()
            .map(|a| a.iter().map(|c| unb64(&c["id"])).collect())
            .unwrap_or_default();
        self.credentials
            .iter()
            .rposition(|c| c.rp_id == rp_id && (allowed.is_empty() || allowed.contains(&c.id)))
            .expect("NotAllowedError: no credential for this RP")
    }

    pub fn sign_with(&mut self, index: usize, origin: &str, options: &Value) -> Value {
        let pk = &options["publicKey"];
        assert_eq!(pk["userVerification"], "required");
        let cred = &mut self.credentials[index];
        cred.counter += 1;
        let mut auth_data = Sha256::digest(cred.rp_id.as_bytes()).to_vec();
        auth_data.push(UP | UV);
        auth_data.extend_from_slice(&cred.counter.to_be_bytes());
        let client_data_json = client_data("webauthn.get", &pk["challenge"], origin);
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&Sha256::digest(&client_data_json));
        let signature: Signature = cred.key.sign(&signed);
        json!({
            "id": b64(&cred.id),
            "rawId": b64(&cred.id),
            "type": "public-key",
            "response": {
                "authenticatorData": b64(&auth_data),
                "clientDataJSON": b64(&client_data_json),
                "signature": b64(signature.to_der().as_bytes()),
                "userHandle": b64(&cred.user_handle),
            },
            "extensions": {},
        })
    }
}
