//! A stratum's `operation` member and the terms of rights and operations, as the plan
//! reader takes them (DESIGN.md *Strata: codes and operation*).

use serde_json::{Map, Value};

use super::{FieldError, json_type, take_number, take_string};
use crate::i18n::Message;
use crate::io::write::num;
use crate::model::{Operation, OperationMode, ProblemKind, Term};
use crate::msg;

/// A `term` member (`{ start, years }`); `None` when absent or null.
pub(super) fn term(value: Option<Value>, what: &Message) -> Result<Option<Term>, FieldError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(mut t)) => {
            let start = take_string(&mut t, "start")?;
            let years = take_number(&mut t, "years", &msg!("frag-term", what = what.clone()))?;
            Ok(Some(Term {
                start,
                years,
                extra: compact(t).into(),
            }))
        }
        Some(other) => Err((
            ProblemKind::InvalidProperty,
            msg!(
                "read-term-type",
                what = what.clone(),
                found = json_type(&other)
            ),
        )),
    }
}

/// An `operation` member. An unknown mode is a problem naming the stratum (as an
/// unknown right is): the parcel is then kept as it was written.
pub(super) fn read(value: Value, what: &Message) -> Result<Operation, FieldError> {
    let Value::Object(mut map) = value else {
        return Err((
            ProblemKind::InvalidOperation,
            msg!(
                "read-operation-type",
                what = what.clone(),
                found = json_type(&value)
            ),
        ));
    };
    let of_operation = msg!("frag-operation", what = what.clone());
    let mode = match take_string(&mut map, "mode")? {
        None => None,
        Some(text) => Some(OperationMode::parse(&text).ok_or_else(|| {
            let known: Vec<_> = OperationMode::ALL.iter().map(|m| m.as_str()).collect();
            (
                ProblemKind::InvalidOperation,
                msg!(
                    "read-operation-mode",
                    what = what.clone(),
                    found = format!("{text:?}"),
                    known = known.join(", ")
                ),
            )
        })?),
    };
    Ok(Operation {
        operator: take_string(&mut map, "operator")?,
        mode,
        term: term(map.shift_remove("term"), &of_operation)?,
        annual_revenue: take_number(&mut map, "annual_revenue", &of_operation)?,
        investment: take_number(&mut map, "investment", &of_operation)?,
        extra: compact(map),
    })
}

/// The `operation` member as the file has it (the writer's half, here beside the
/// reader so that the two spellings cannot drift apart).
pub fn operation_to_value(operation: &Operation) -> Value {
    let mut map = Map::new();
    if let Some(operator) = &operation.operator {
        map.insert("operator".into(), Value::from(operator.as_str()));
    }
    if let Some(mode) = operation.mode {
        map.insert("mode".into(), Value::from(mode.as_str()));
    }
    if let Some(term) = &operation.term {
        map.insert("term".into(), term_to_value(term));
    }
    let money = [
        ("annual_revenue", operation.annual_revenue),
        ("investment", operation.investment),
    ];
    for (key, amount) in money {
        if let Some(amount) = amount {
            map.insert(key.into(), num(amount));
        }
    }
    map.extend(operation.extra.clone());
    Value::Object(map)
}

/// The members left after the known ones were taken out, in a map of their own size
/// (the emptied map keeps its allocation: 60 MB over a city's terms).
fn compact(map: Map<String, Value>) -> Map<String, Value> {
    match map.is_empty() {
        true => Map::new(),
        false => map.into_iter().collect(),
    }
}

/// A term as the file has it.
pub fn term_to_value(term: &Term) -> Value {
    let mut t = Map::new();
    if let Some(start) = &term.start {
        t.insert("start".into(), Value::from(start.as_str()));
    }
    if let Some(years) = term.years {
        t.insert("years".into(), num(years));
    }
    t.extend(term.extra.clone());
    Value::Object(t)
}
