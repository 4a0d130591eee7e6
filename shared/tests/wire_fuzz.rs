//! The sync wire types under generated input: decoding arbitrary bytes or
//! arbitrary JSON as any request or response type returns `Ok` or `Err` and
//! never panics, and every well-formed `PushRequest` (and `PullRequest`)
//! survives encoding and decoding unchanged, so what the client sends is
//! exactly what the server reads.

use proptest::prelude::*;
use serde_json::Value;
use shared::sync::{
    ClientId, FieldValue, Mutation, MutationId, Op, PortfolioId, PullRequest, PullResponse,
    PushRequest, PushResponse, Target,
};

/// Tries every wire type; only a panic can fail.
fn decode_all_bytes(bytes: &[u8]) {
    let _ = serde_json::from_slice::<PushRequest>(bytes);
    let _ = serde_json::from_slice::<PushResponse>(bytes);
    let _ = serde_json::from_slice::<PullRequest>(bytes);
    let _ = serde_json::from_slice::<PullResponse>(bytes);
    let _ = serde_json::from_slice::<Mutation>(bytes);
}

fn decode_all_values(value: &Value) {
    let _ = serde_json::from_value::<PushRequest>(value.clone());
    let _ = serde_json::from_value::<PushResponse>(value.clone());
    let _ = serde_json::from_value::<PullRequest>(value.clone());
    let _ = serde_json::from_value::<PullResponse>(value.clone());
    let _ = serde_json::from_value::<Mutation>(value.clone());
}

const KEYS: &[&str] = &[
    "client_id",
    "mutations",
    "id",
    "seq",
    "portfolio_id",
    "target",
    "kind",
    "key",
    "list",
    "item_id",
    "base_version",
    "op",
    "value",
    "type",
    "resolved",
    "results",
    "outcome",
    "copy_id",
    "reason",
    "duplicate",
    "state",
    "version",
    "conflicts",
    "from",
    "cursor",
    "changes",
    "more",
    "answer",
    "item",
    "set",
    "resolve",
    "text",
    "json",
    "deleted",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(KEYS).prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// JSON values as a client's structured answers carry them: no floats
/// (serde_json keeps them exact only as written), any nesting.
fn answer_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn field_value() -> impl Strategy<Value = FieldValue> {
    prop_oneof![
        "\\PC{0,80}".prop_map(FieldValue::Text),
        answer_json().prop_map(FieldValue::Json),
        Just(FieldValue::Deleted),
    ]
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        "[a-z0-9.]{1,30}".prop_map(Target::answer),
        "[a-z0-9.]{1,30}".prop_map(Target::value),
        ("[a-z0-9.]{1,30}", "[a-f0-9-]{1,36}").prop_map(|(l, i)| Target::item(l, i)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        field_value().prop_map(|value| Op::Set { value }),
        (field_value(), prop::collection::vec(any::<u64>(), 0..4))
            .prop_map(|(value, resolved)| Op::Resolve { value, resolved }),
    ]
}

fn push_request() -> impl Strategy<Value = PushRequest> {
    (
        "[a-f0-9-]{0,36}",
        "[a-zA-Z0-9-]{1,36}",
        prop::collection::vec(
            (
                any::<u64>(),
                "[a-f0-9-]{1,36}",
                target(),
                any::<u64>(),
                op(),
            ),
            0..6,
        ),
    )
        .prop_map(|(account_id, client, mutations)| {
            let client_id = ClientId(client);
            PushRequest {
                account_id,
                mutations: mutations
                    .into_iter()
                    .map(|(seq, portfolio, target, base_version, op)| Mutation {
                        id: MutationId {
                            client_id: client_id.clone(),
                            seq,
                        },
                        portfolio_id: PortfolioId(portfolio),
                        target,
                        base_version,
                        op,
                    })
                    .collect(),
                client_id,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_decoder(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_all_bytes(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics_the_decoder(value in json_value()) {
        decode_all_values(&value);
        decode_all_bytes(value.to_string().as_bytes());
    }

    #[test]
    fn truncated_and_garbled_requests_never_panic_the_decoder(
        request in push_request(),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let text = serde_json::to_vec(&request).unwrap();
        decode_all_bytes(&text[..cut.index(text.len() + 1).min(text.len())]);
        let mut garbled = text.clone();
        let at = flip.index(garbled.len());
        garbled[at] = byte;
        decode_all_bytes(&garbled);
    }

    #[test]
    fn every_push_request_round_trips(request in push_request()) {
        let text = serde_json::to_string(&request).unwrap();
        let back: PushRequest = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, request);
    }

    #[test]
    fn every_pull_request_round_trips(account_id in "[a-f0-9-]{0,36}", cursor in any::<u64>()) {
        let request = PullRequest { account_id, cursor };
        let back: PullRequest = serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        prop_assert_eq!(back, request);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for depth in [100, 1_000, 100_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        decode_all_bytes(arrays.as_bytes());
        let objects = format!("{}1{}", "{\"value\":".repeat(depth), "}".repeat(depth));
        decode_all_bytes(objects.as_bytes());
        let in_a_mutation = format!(
            r#"{{"account_id":"a","client_id":"c","mutations":[{{"id":{{"client_id":"c","seq":1}},"portfolio_id":"p","target":{{"kind":"value","key":"k"}},"base_version":0,"op":"set","value":{{"type":"json","value":{}1{}}}}}]}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        // serde_json stops at 128 levels: an error, never a stack overflow.
        let decoded = serde_json::from_str::<PushRequest>(&in_a_mutation);
        assert_eq!(decoded.is_ok(), depth < 128, "depth {depth}");
    }
}
