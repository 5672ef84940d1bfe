//! The `uses` and `holders` columns of a stratum row, parsed straight into names,
//! shares and other members. A city has 200 000 strata: parsing each column into a
//! JSON value first, then taking it apart, was a fifth of reading them.
//!
//! Only a well-formed column is parsed here; for anything else `parse` gives `None` and
//! the caller reads the column as a JSON value, as before, so every message stays the
//! same. What is kept is what that reading keeps: a member given twice keeps its last
//! value, in the place of its first.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// A use or a holder: name, share, other members.
pub(super) type Share = (String, f64, Map<String, Value>);

/// `[{key: text, "share": number, …}]` as (name, share, other members); `None` for a
/// text that is not exactly that.
pub(super) fn parse(text: &str, key: &str) -> Option<Vec<Share>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let shares = de.deserialize_seq(Shares { key }).ok()?;
    de.end().ok()?;
    Some(shares)
}

struct Shares<'k> {
    key: &'k str,
}

impl<'de> Visitor<'de> for Shares<'_> {
    type Value = Vec<Share>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of shares")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Share>, A::Error> {
        let mut shares = Vec::new();
        while let Some(share) = seq.next_element_seed(OneShare { key: self.key })? {
            shares.push(share);
        }
        // Sized exactly: a city has hundreds of thousands of these.
        shares.shrink_to_fit();
        Ok(shares)
    }
}

struct OneShare<'k> {
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for OneShare<'_> {
    type Value = Share;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Share, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OneShare<'_> {
    type Value = Share;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a share")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Share, A::Error> {
        let (mut name, mut share, mut rest) = (None, None, Map::new());
        while let Some(member) = map.next_key_seed(Member { key: self.key })? {
            match member {
                Key::Name => name = Some(map.next_value::<String>()?),
                Key::Share => share = Some(map.next_value::<f64>()?),
                Key::Other(k) => {
                    rest.insert(k, map.next_value::<Value>()?);
                }
            }
        }
        match (name, share) {
            (Some(name), Some(share)) => Ok((name, share, rest)),
            _ => Err(A::Error::custom("a name or share missing")),
        }
    }
}

/// A member's key, told apart without copying the two every share has.
enum Key {
    Name,
    Share,
    Other(String),
}

struct Member<'k> {
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for Member<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Key, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Member<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member's key")
    }

    fn visit_str<E: serde::de::Error>(self, k: &str) -> Result<Key, E> {
        Ok(match k {
            _ if k == self.key => Key::Name,
            "share" => Key::Share,
            _ => Key::Other(k.to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::{Value, json};

    /// What reading the column as a JSON value and taking each entry apart gives.
    fn through_values(text: &str, key: &str) -> Option<Vec<(String, f64, Value)>> {
        let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) else {
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            let Value::Object(mut entry) = item else {
                return None;
            };
            let Some(Value::String(name)) = entry.shift_remove(key) else {
                return None;
            };
            let share = entry.shift_remove("share")?.as_f64()?;
            out.push((name, share, Value::Object(entry)));
        }
        Some(out)
    }

    #[test]
    fn shares_parse_as_through_json_values_or_not_at_all() {
        let cases = [
            r#"[{"code":"0701","share":1}]"#,
            r#"[{"code":"0701","share":0.6},{"code":"0702","share":0.25,"note":"a\nb"}]"#,
            r#"[{"share":2e-1,"x":[1,{"y":null}],"code":"c\u00e9"}]"#,
            r#"[{"code":"a","share":1,"code":"b","x":1,"x":2,"z":3}]"#,
            r#" [ ] "#,
            r#"[{"code":"a","share":"1"}]"#,
            r#"[{"code":1,"share":1}]"#,
            r#"[{"code":"a"}]"#,
            r#"[{"share":1}]"#,
            r#"[{"code":"a","share":1},]"#,
            r#"[{"code":"a","share":1}] x"#,
            r#"{"code":"a","share":1}"#,
            r#"[1]"#,
            r#"[{"code":"a","share":1e999}]"#,
            r#"[{"code":"a","share":18446744073709551615}]"#,
        ];
        for text in cases {
            let typed = parse(text, "code").map(|v| {
                v.into_iter()
                    .map(|(n, s, rest)| (n, s, Value::Object(rest)))
                    .collect::<Vec<_>>()
            });
            assert_eq!(typed, through_values(text, "code"), "{text}");
        }
        let (name, _, rest) =
            &parse(r#"[{"name":"x","code":"k","share":1}]"#, "name").expect("ok")[0];
        assert_eq!(
            (name.as_str(), rest),
            (
                "x",
                &json!({"code": "k"}).as_object().cloned().expect("map")
            )
        );
    }
}
