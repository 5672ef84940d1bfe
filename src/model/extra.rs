//! Members the program does not know, kept unchanged through load and save.
//!
//! Nearly every feature, stratum, use and holder has none, and an empty map held inline
//! is 72 bytes: a city's million of them were a quarter of its plan's memory. An
//! [`Extra`] is one pointer, null while empty; it reads as a map (through `Deref`) and
//! becomes one when written to.

use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A JSON object's members, boxed only when there are some.
#[derive(Clone, Default)]
pub struct Extra(Option<Box<Map<String, Value>>>);

fn empty() -> &'static Map<String, Value> {
    static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

impl Extra {
    pub fn new() -> Self {
        Self(None)
    }

    /// The members as a map of their own.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|m| *m).unwrap_or_default()
    }
}

impl Deref for Extra {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        self.0.as_deref().unwrap_or_else(|| empty())
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        self.0.get_or_insert_with(Default::default)
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        match map.is_empty() {
            true => Self(None),
            false => Self(Some(Box::new(map))),
        }
    }
}

impl From<Extra> for Map<String, Value> {
    fn from(extra: Extra) -> Self {
        extra.into_map()
    }
}

impl FromIterator<(String, Value)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Map::from_iter(iter).into()
    }
}

impl IntoIterator for Extra {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.into_map().into_iter()
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.deref().iter()
    }
}

/// Equal when the members are: an emptied map equals one never written.
impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Extra {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.deref().fmt(f)
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.deref().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Extra;
    use serde_json::{Map, json};

    #[test]
    fn an_extra_is_a_map_boxed_only_when_it_has_members() {
        assert_eq!(std::mem::size_of::<Extra>(), 8);
        let mut extra = Extra::new();
        assert!(extra.is_empty() && extra.0.is_none());
        assert_eq!(extra, Extra::from(Map::new()));
        extra.insert("a".into(), json!(1));
        extra.insert("b".into(), json!([2]));
        assert_eq!(
            serde_json::to_string(&extra).expect("json"),
            r#"{"a":1,"b":[2]}"#
        );
        let back: Extra = serde_json::from_str(r#"{"a":1,"b":[2]}"#).expect("read");
        assert_eq!(back, extra);
        extra.shift_remove("a");
        extra.shift_remove("b");
        // Emptied, it equals one never written, and writes as {}.
        assert_eq!(extra, Extra::new());
        assert_eq!(serde_json::to_string(&extra).expect("json"), "{}");
        let none: Extra = serde_json::from_str("{}").expect("read");
        assert!(none.0.is_none());
        assert_eq!(format!("{:?}", Extra::new()), "{}");
    }
}
