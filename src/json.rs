//! JSON as far as Jenkins' answers and the settings need it: text, booleans, objects, lists, and numbers
//! as the digits written (null is "something else"). Parsed by serde_json into this small tree rather than
//! `serde_json::Value`, whose map and number types would cost the wasm for nothing.
//!
//! serde_json is built with `arbitrary_precision`, so a number is never turned into an `f64` (that
//! float parser and its table of powers of ten would be in the wasm); it arrives instead as a
//! one-member map under [`NUMBER_MARKER`], whose digits are kept as they are. What each weighs:
//! docs/performance.md, "Measured savings already in".

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The key under which serde_json's `arbitrary_precision` hands over a number's digits.
const NUMBER_MARKER: &str = "$serde_json::private::Number";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    Text(String),
    Bool(bool),
    /// Keys in document order.
    Object(Vec<(String, Json)>),
    List(Vec<Json>),
    /// A number, its digits as written (`-7`, `1.5e300`).
    Number(String),
    /// Null.
    Other,
}

impl Json {
    /// A member of an object (the last one, should a key repeat, as browsers read JSON).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(name, _)| name == key).map(|(_, value)| value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(value) => Some(*value),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Json]> {
        match self {
            Json::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }
}

/// A JSON string literal: the records of pending mints, the messages to the native host (serde_json's
/// writer would be in the wasm for these alone).
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("JSON")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Json, E> {
        Ok(Json::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Json, E> {
        Ok(Json::Number(value.to_string()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Json, E> {
        Ok(Json::Number(value.to_string()))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Json, E> {
        Ok(Json::Other)
    }

    fn visit_str<E>(self, value: &str) -> Result<Json, E> {
        Ok(Json::Text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Json, E> {
        Ok(Json::Text(value))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Other)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Other)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        Json::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members: Vec<(String, Json)> = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(object_or_number(members))
    }
}

/// An object, or a number as serde_json hands it over (see [`NUMBER_MARKER`]). Apart from
/// `visit_map`, which is compiled for both kinds of map, so that this is compiled once.
fn object_or_number(mut members: Vec<(String, Json)>) -> Json {
    match members.as_mut_slice() {
        [(key, Json::Text(digits))] if key == NUMBER_MARKER => Json::Number(std::mem::take(digits)),
        _ => Json::Object(members),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Json {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn reads_what_jenkins_sends() {
        let json = parse(
            r#"{"status":"ok","data":{"n":1.5e300,"x":null,"t":true,"l":["a",2],"s":"\u00fc\n","i":-7,"big":1e999}}"#,
        );
        let data = json.get("data").unwrap();
        assert!(data.is_object());
        assert_eq!(json.get("status").and_then(Json::as_str), Some("ok"));
        assert!(matches!(data.get("n"), Some(Json::Number(_))));
        assert_eq!(data.get("x"), Some(&Json::Other));
        assert_eq!(data.get("i"), Some(&Json::Number("-7".into())));
        assert!(matches!(data.get("big"), Some(Json::Number(_))));
        assert_eq!(parse("12"), Json::Number("12".into()));
        assert_eq!(data.get("t").and_then(Json::as_bool), Some(true));
        assert_eq!(
            data.get("l").and_then(Json::as_list),
            Some(&[Json::Text("a".into()), Json::Number("2".into())][..])
        );
        assert_eq!(data.get("s").and_then(Json::as_str), Some("ü\n"));
        assert_eq!(data.get("missing"), None);
        assert_eq!(parse(r#"{"a":"1","a":"2"}"#).get("a").and_then(Json::as_str), Some("2"));
        assert_eq!(parse("[]").get("a"), None);
    }

    #[test]
    fn broken_json_is_an_error() {
        for text in ["", "{", r#"{"a":}"#, r#"{"a":"1"} x"#, "nul"] {
            assert!(serde_json::from_str::<Json>(text).is_err(), "{text}");
        }
    }
}
