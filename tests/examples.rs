//! Docs as tests: every response example of every spec (the vendor's own
//! examples, transcribed) decodes into the type the client returns for it.

mod support;

/// Decode `value` as the generated type named `schema` of `$vendor`; a
/// schema the table does not list fails the test, so a new example cannot
/// go unchecked.
macro_rules! decoder {
    ($name:ident, $vendor:ident, [$($schema:ident),* $(,)?]) => {
        fn $name(schema: &str, value: serde_json::Value) -> Result<(), String> {
            use botapis::$vendor::types;
            match schema {
                $(
                    stringify!($schema) => serde_json::from_value::<types::$schema>(value).map(drop),
                    concat!("[", stringify!($schema), "]") => serde_json::from_value::<Vec<types::$schema>>(value).map(drop),
                )*
                other => return Err(format!("add `{other}` to the decoder table of {}", stringify!($vendor))),
            }
            .map_err(|e| e.to_string())
        }
    };
}

decoder!(
    salebot,
    salebot,
    [
        History,
        LoadedClients,
        Clients,
        FoundClient,
        ClientIdAnswer,
        ClientIds,
        OrderIdAnswer,
        OrderIdsAnswer,
        StateIdAnswer,
        OrderVarsAnswer,
        Status,
        ConnectedChannels,
        ClientVariables,
        FoundClientId,
        FoundClientIds,
        WhatsappCheck,
        SchemeBlocks
    ]
);
decoder!(imbachat, imbachat, [RoomsAnswer, UsersAnswer, RoomsList, SentMessage]);
decoder!(
    watbot,
    watbot,
    [ValidationError, ContactList, ListSchemaPage, ListSchemaEnvelope, ListItemPage, MediaLinkAnswer, Referrers, TagNames, VariableList]
);
decoder!(okeybot, okeybot, [ContactPage, ContactEnvelope, ContactIdEnvelope, StatusMessage, ErrorEnvelope]);

#[test]
fn every_response_example_decodes() {
    let vendors: [(&str, fn(&str, serde_json::Value) -> Result<(), String>, usize); 4] =
        [("salebot", salebot, 24), ("imbachat", imbachat, 5), ("watbot", watbot, 42), ("okeybot", okeybot, 35)];
    let mut failures = Vec::new();
    for (vendor, decode, expected) in vendors {
        let examples = support::response_examples(&format!("specs/{vendor}.yaml"));
        assert_eq!(examples.len(), expected, "{vendor}: the number of response examples changed; update this test");
        for (at, schema, value) in examples {
            if let Err(e) = decode(&schema, value) {
                failures.push(format!("{vendor}: {at} as {schema}: {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_documented_schema_examples_decode() {
    let salebot = support::load("specs/salebot.yaml");
    let webhook = salebot["components"]["schemas"]["WebhookMessage"]["example"].clone();
    serde_json::from_value::<botapis::salebot::types::WebhookMessage>(webhook).unwrap();
    let buttons = salebot["components"]["schemas"]["Buttons"]["example"].clone();
    serde_json::from_value::<botapis::salebot::types::Buttons>(buttons).unwrap();
}
