//! The fast path's reading of a parcel's `strata`, straight into the model's types.
//!
//! A stratum's members are most of a plan's text besides coordinates: read as JSON values
//! they cost an allocation per number, string, array and object, then `read_stratum` takes
//! the values apart again. Here each known member is parsed into its type as it comes,
//! footprints into flat coordinates like a parcel's geometry; only unknown members, terms
//! and operations (small, and with their own careful readers) go through values.
//!
//! Whatever this reader does not take exactly as `read_stratum` would, it declines: a
//! member of another type, a bad value, a duplicate member, a footprint the fast
//! geometry does not model. The caller then reads the `strata` text as a value and hands
//! it to the whole-file reader's code, so every message stays that reader's.

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::fast::{Coords, KeySeed, MEMBER_DEPTH, coordinates_seed};
use super::operation;
use crate::io::crs::SourceCrs;
use crate::io::geometry::PolygonRings;
use crate::io::text::{self, DepthLimited};
use crate::model::{Holder, Right, Stratum, StratumId, Use, ZRange};
use crate::msg;

/// A stratum with its footprint's rings (projected later with the parcel's).
pub(super) type ReadStratum = (Stratum, Option<PolygonRings>);

/// Levels left for the values of unknown members: the stratum sits in `properties`,
/// `strata` and its own object, within the feature's budget (fewer is always safe: a
/// deeper value is declined and read by the whole-file reader's code).
const VALUE_DEPTH: u32 = MEMBER_DEPTH - 4;

/// The strata of a parcel from the text of its `strata` member; `None` when the fast
/// reader declines it.
pub(super) fn read(text: &str, crs: &SourceCrs) -> Option<Vec<ReadStratum>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let strata = StrataSeed { crs }
        .deserialize(&mut de)
        .and_then(|s| de.end().map(|()| s));
    strata.ok()
}

fn decline<E: serde::de::Error>() -> E {
    E::custom("declined by the fast reader")
}

struct StrataSeed<'c> {
    crs: &'c SourceCrs,
}

impl<'de> DeserializeSeed<'de> for StrataSeed<'_> {
    type Value = Vec<ReadStratum>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrataSeed<'_> {
    type Value = Vec<ReadStratum>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("strata")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut strata = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(stratum) = seq.next_element_seed(StratumSeed {
            crs: self.crs,
            index: strata.len(),
        })? {
            strata.push(stratum);
        }
        // serde_json gives no length: the list is made exact while every feature waits
        // for its projection (a city's spare room was 90 MB of the reading's peak).
        strata.shrink_to_fit();
        Ok(strata)
    }
}

/// Known members of a stratum, in the order of [`StratumSeed::visit_map`]'s match.
const STRATUM_MEMBERS: [&str; 13] = [
    "id",
    "z",
    "floors",
    "uses",
    "holders",
    "right",
    "term",
    "footprint",
    "facilities",
    "note",
    "unit_code",
    "parent_unit_codes",
    "operation",
];

struct StratumSeed<'c> {
    crs: &'c SourceCrs,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for StratumSeed<'_> {
    type Value = ReadStratum;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

/// A stratum's members as read, before they are checked together.
#[derive(Default)]
struct Parts {
    seen: [bool; STRATUM_MEMBERS.len()],
    id: Option<String>,
    z: Option<[f64; 2]>,
    floors: Option<f64>,
    uses: Vec<Use>,
    holders: Vec<Holder>,
    right: Option<String>,
    term: Option<Value>,
    footprint: Option<Coords>,
    facilities: Vec<String>,
    note: Option<String>,
    unit_code: Option<String>,
    parent_unit_codes: Vec<String>,
    operation: Option<Value>,
    extra: Map<String, Value>,
}

impl<'de> Visitor<'de> for StratumSeed<'_> {
    type Value = ReadStratum;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a stratum")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut p = Parts::default();
        while let Some(key) = map.next_key_seed(KeySeed(&STRATUM_MEMBERS))? {
            let i = match key {
                Ok(i) => i,
                Err(key) => {
                    let value = map.next_value_seed(DepthLimited(VALUE_DEPTH))?;
                    p.extra.insert(key, value);
                    continue;
                }
            };
            // A member given twice: the whole-file reader keeps the last; leave it to it.
            if std::mem::replace(&mut p.seen[i], true) {
                return Err(decline());
            }
            match i {
                0 => p.id = map.next_value_seed(IdSeed)?,
                1 => p.z = Some(map.next_value::<[f64; 2]>()?),
                2 => p.floors = map.next_value::<Option<f64>>()?,
                3 => p.uses = map.next_value_seed(SharesSeed(&USE_MEMBERS))?.into_uses(),
                4 => {
                    p.holders = map
                        .next_value_seed(SharesSeed(&HOLDER_MEMBERS))?
                        .into_holders()
                }
                5 => p.right = map.next_value_seed(OptText)?,
                6 => p.term = Some(map.next_value_seed(DepthLimited(VALUE_DEPTH))?),
                7 => p.footprint = map.next_value_seed(FootprintSeed)?,
                8 => p.facilities = map.next_value_seed(Texts)?,
                9 => p.note = map.next_value_seed(OptText)?,
                10 => p.unit_code = map.next_value_seed(OptText)?,
                11 => p.parent_unit_codes = map.next_value_seed(Texts)?,
                _ => p.operation = Some(map.next_value_seed(DepthLimited(VALUE_DEPTH))?),
            }
        }
        p.model(self.index, self.crs).ok_or_else(decline)
    }
}

impl Parts {
    /// The stratum as `read_stratum` makes it; `None` where it would report a problem.
    fn model(self, index: usize, crs: &SourceCrs) -> Option<ReadStratum> {
        let id = self.id.unwrap_or_else(|| format!("s{}", index + 1));
        let [bottom, top] = self.z?;
        let floors = match self.floors {
            None => None,
            Some(f) => Some(super::floors_of(f)?),
        };
        let right = match self.right {
            None => None,
            Some(text) => Some(Right::parse(&text)?),
        };
        let what = msg!("frag-stratum", id = id.as_str());
        let term = match self.term {
            None => None,
            some => operation::term(some, &what).ok()?,
        };
        let operation = match self.operation {
            None | Some(Value::Null) => None,
            Some(value) => Some(Box::new(operation::read(value, &what).ok()?)),
        };
        let footprint = match self.footprint {
            None => None,
            Some(coords) => {
                let mut rings = coords.polygons("Polygon", crs);
                coords.recycle();
                Some(rings.as_mut()?.pop()?)
            }
        };
        let stratum = Stratum {
            id: StratumId(id),
            z: ZRange::new(bottom, top),
            floors,
            uses: self.uses,
            holders: self.holders,
            right,
            term,
            footprint: None,
            facilities: self.facilities,
            note: self.note,
            unit_code: self.unit_code,
            parent_unit_codes: self.parent_unit_codes,
            operation,
            extra: self.extra.into(),
        };
        Some((stratum, footprint))
    }
}

/// A stratum's `id`: text, a number (as its text) or null.
struct IdSeed;

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = Option<String>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        match DepthLimited(0).deserialize(d)? {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            Value::Number(n) => Ok(Some(n.to_string())),
            _ => Err(decline()),
        }
    }
}

/// Text or null; anything else is declined. Strings are checked against the length limit
/// as the value reader checks them.
struct OptText;

impl<'de> DeserializeSeed<'de> for OptText {
    type Value = Option<String>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for OptText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("text or null")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        text::check_length(v)?;
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        text::check_length(&v)?;
        Ok(Some(v))
    }
}

/// A list of texts, or null for none (`facilities`, `parent_unit_codes`).
struct Texts;

impl<'de> DeserializeSeed<'de> for Texts {
    type Value = Vec<String>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Texts {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of texts")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut texts = Vec::new();
        while let Some(text) = seq.next_element_seed(OptText)? {
            texts.push(text.ok_or_else(decline)?);
        }
        Ok(texts)
    }
}

/// `uses` or `holders`: entries of a label (`code` or `name`) and a share, with any
/// other members kept. The seed holds the label's name and `share`.
struct SharesSeed(&'static [&'static str; 2]);

const USE_MEMBERS: [&str; 2] = ["code", "share"];
const HOLDER_MEMBERS: [&str; 2] = ["name", "share"];

struct Shares(Vec<(String, f64, Map<String, Value>)>);

impl Shares {
    fn into_uses(self) -> Vec<Use> {
        self.0
            .into_iter()
            .map(|(code, share, extra)| Use {
                code,
                share,
                extra: extra.into(),
            })
            .collect()
    }
    fn into_holders(self) -> Vec<Holder> {
        self.0
            .into_iter()
            .map(|(name, share, extra)| Holder {
                name,
                share,
                extra: extra.into(),
            })
            .collect()
    }
}

impl<'de> DeserializeSeed<'de> for SharesSeed {
    type Value = Shares;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SharesSeed {
    type Value = Shares;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of shares")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Shares(Vec::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(2));
        while let Some(entry) = seq.next_element_seed(ShareSeed(self.0))? {
            entries.push(entry);
        }
        entries.shrink_to_fit();
        Ok(Shares(entries))
    }
}

struct ShareSeed(&'static [&'static str; 2]);

impl<'de> DeserializeSeed<'de> for ShareSeed {
    type Value = (String, f64, Map<String, Value>);

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ShareSeed {
    type Value = (String, f64, Map<String, Value>);

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a share")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut label, mut share, mut extra) = (None, None, Map::new());
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            match key {
                Ok(0) if label.is_none() => {
                    label = Some(map.next_value_seed(OptText)?.ok_or_else(decline)?);
                }
                Ok(1) if share.is_none() => share = Some(map.next_value::<f64>()?),
                Ok(_) => return Err(decline()),
                Err(key) => {
                    let value = map.next_value_seed(DepthLimited(VALUE_DEPTH - 2))?;
                    extra.insert(key, value);
                }
            }
        }
        match (label, share) {
            (Some(label), Some(share)) => Ok((label, share, extra)),
            _ => Err(decline()),
        }
    }
}

/// A footprint's coordinates (a Polygon's), or null for none.
struct FootprintSeed;

impl<'de> DeserializeSeed<'de> for FootprintSeed {
    type Value = Option<Coords>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FootprintSeed {
    type Value = Option<Coords>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a footprint")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        coordinates_seed(seq).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the whole-file reader's `read_stratum` makes of each stratum of `text`.
    fn slow(text: &str) -> Vec<ReadStratum> {
        let Value::Array(items) = serde_json::from_str(text).expect("json") else {
            panic!("not an array");
        };
        items
            .into_iter()
            .enumerate()
            .map(|(i, s)| super::super::read_stratum(s, i, &SourceCrs::Geographic).expect("ok"))
            .collect()
    }

    #[test]
    fn a_full_stratum_is_read_typed_as_the_whole_file_reader_reads_it() {
        let text = r#"[
          {"id": "s1", "z": [-6, 0], "floors": 2,
           "uses": [{"code": "0701", "share": 0.6, "note": "x"}, {"code": "0702", "share": 0.4}],
           "holders": [{"name": "甲", "share": 1}], "right": "construction_land_use",
           "term": {"start": "2019-07-01", "years": 70},
           "footprint": [[[104.0, 30.0], [104.001, 30.0], [104.001, 30.001], [104.0, 30.0]]],
           "facilities": ["kindergarten"], "note": "n", "unit_code": null,
           "parent_unit_codes": ["a", "b"], "building": {"height": 3}, "green": 0.2},
          {"z": [0, 4.5], "uses": null, "holders": [], "footprint": null, "id": 7}
        ]"#;
        let typed = read(text, &SourceCrs::Geographic).expect("read typed");
        assert_eq!(typed, slow(text));
        assert_eq!(typed[1].0.id.0, "7");
        assert_eq!(typed[0].0.extra.len(), 2, "unknown members kept");
        assert!(typed[0].1.is_some(), "footprint rings");
    }

    #[test]
    fn anything_the_whole_file_reader_would_report_is_declined() {
        for text in [
            r#"[{"z": [0, 1, 2]}]"#,
            r#"[{"z": [0, 1], "floors": 2.5}]"#,
            r#"[{"z": [0, 1], "right": "no-such-right"}]"#,
            r#"[{"z": [0, 1], "uses": [{"code": 701, "share": 1}]}]"#,
            r#"[{"z": [0, 1], "uses": [{"code": "0701"}]}]"#,
            r#"[{"z": [0, 1], "id": "a", "id": "b"}]"#,
            r#"[{"z": [0, 1], "footprint": [[[0, 0], [1, 0], [0, 0]]]}]"#,
            r#"[{"z": [0, 1], "facilities": "school"}]"#,
            r#"[{"id": "s"}]"#,
            r#"{"z": [0, 1]}"#,
        ] {
            assert!(read(text, &SourceCrs::Geographic).is_none(), "{text}");
        }
    }
}
