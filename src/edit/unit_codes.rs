//! Real-estate unit codes (不动产单元代码, `model::unit_code`) as edits: *Assign codes*
//! fills the strata that have none, and a split or a merge gives the strata it reshapes
//! new codes, keeping the old ones on record (`parent_unit_codes`), as the register
//! does when a unit is divided or combined.

use super::{EditCmd, EditError, Label, error::refused};
use crate::model::unit_code::{self, Layer, UNIT_CODE_LEN};
use crate::model::{Plan, Scenario, Stratum, UnitZone};
use crate::msg;

/// The plan's zone setting, when it is there and well-formed.
pub fn plan_zone(plan: &Plan) -> Option<UnitZone> {
    plan.settings.unit_zone()?.ok()
}

/// The parcel sequence number (宗地顺序号) of a well-formed code.
fn sequence_of(code: &str) -> Option<u32> {
    if unit_code::check(code).is_err() {
        return None;
    }
    code.get(14..19)?.parse().ok()
}

/// The first sequence number no code of the plan uses (one more than the largest).
pub fn next_sequence(plan: &Plan) -> u32 {
    plan.parcels
        .iter()
        .flat_map(|p| &p.strata)
        .filter_map(|s| s.unit_code.as_deref().and_then(sequence_of))
        .max()
        .unwrap_or(0)
        + 1
}

/// The fixture part: a building unit (F, building 1, unit 1) for a stratum with storeys
/// that is not open space (class 14), else no fixture (W).
fn building_of(stratum: &Stratum) -> Option<(u32, u32)> {
    let open_space = stratum.share_of_class("14") > 0.5;
    (stratum.floors.is_some_and(|f| f > 0) && !open_space).then_some((1, 1))
}

/// A new code for `stratum` with sequence `sequence`: the zone prefix of `prefix`'s code
/// or of the plan setting, the stratum's layer letter from its z range.
fn code_for(prefix: &str, stratum: &Stratum, sequence: u32) -> String {
    let layer = Layer::of(stratum.z.bottom, stratum.z.top);
    unit_code::compose(prefix, layer, sequence, building_of(stratum))
}

/// Fills the unit codes of the strata of `scenario` that have none or a malformed one,
/// numbering from the plan's next free sequence number in plan order. One undoable step.
///
/// ```
/// use geo::{Coord, MultiPolygon, Rect};
/// use strata::model::{Parcel, Plan, Scenario, Stratum, UnitZone};
/// let square = MultiPolygon::new(vec![Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 50.0, y: 50.0 }).to_polygon()]);
/// let mut plan = Plan::new(strata::model::LocalFrame::new(120.0, 30.0));
/// let mut parcel = Parcel::new("a", Scenario::Proposed, square);
/// let mut plant = Stratum::ground("plant", "1302");
/// plant.z = strata::model::ZRange::new(-12.0, 3.0);
/// parcel.strata = vec![plant, Stratum::ground("park", "1401")];
/// plan.parcels.push(parcel);
/// let zone = UnitZone { admin: "330303".into(), zone: "001".into(), subzone: "002".into() };
/// let cmd = strata::edit::unit_codes::assign_codes(&plan, &zone, Scenario::Proposed).unwrap();
/// cmd.apply(&mut plan).unwrap();
/// let codes: Vec<_> = plan.parcels[0].strata.iter().map(|s| s.unit_code.clone().unwrap()).collect();
/// assert_eq!(codes, ["330303001002GX00001F00010001", "330303001002GB00002W00000000"]);
/// ```
pub fn assign_codes(
    plan: &Plan,
    zone: &UnitZone,
    scenario: Scenario,
) -> Result<EditCmd, EditError> {
    let prefix = zone
        .prefix()
        .map_err(|_| refused(msg!("edit-err-unit-zone")))?;
    let mut next = next_sequence(plan);
    let mut steps = Vec::new();
    let mut filled = 0;
    for parcel in plan.parcels.iter().filter(|p| p.scenario == scenario) {
        let mut strata = parcel.strata.clone();
        for stratum in &mut strata {
            let has_code = stratum
                .unit_code
                .as_deref()
                .is_some_and(|c| unit_code::check(c).is_ok());
            if !has_code {
                stratum.unit_code = Some(code_for(&prefix, stratum, next));
                next += 1;
                filled += 1;
            }
        }
        if strata != parcel.strata {
            steps.push(EditCmd::SetStrata {
                id: parcel.id.clone(),
                old: parcel.strata.clone(),
                new: strata,
            });
        }
    }
    if steps.is_empty() {
        return Err(refused(msg!("edit-err-unit-codes-none")));
    }
    Ok(EditCmd::Named {
        label: Label::AssignUnitCodes { n: filled },
        cmd: Box::new(EditCmd::Batch(steps)),
    })
}

/// Gives every coded stratum of `strata` a new code (same zone and layer rules, the
/// next sequence numbers from `next`), recording its old code and `also_parents` (the
/// codes of strata merged into it of the same layer) as its parents.
pub fn renumber(strata: &mut [Stratum], next: &mut u32, also_parents: &[String]) {
    for stratum in strata {
        let Some(old) = stratum.unit_code.clone() else {
            continue;
        };
        if unit_code::check(&old).is_err() {
            continue;
        }
        let prefix = &old[..12];
        let new = code_for(prefix, stratum, *next);
        *next += 1;
        let layer = &new[12..14];
        stratum.parent_unit_codes.push(old);
        for parent in also_parents {
            let same_layer = parent.len() == UNIT_CODE_LEN && parent.get(12..14) == Some(layer);
            if same_layer && !stratum.parent_unit_codes.contains(parent) {
                stratum.parent_unit_codes.push(parent.clone());
            }
        }
        stratum.unit_code = Some(new);
    }
}

/// The well-formed codes of some strata (those merged away).
pub fn codes_of<'a>(strata: impl IntoIterator<Item = &'a Stratum>) -> Vec<String> {
    strata
        .into_iter()
        .filter_map(|s| s.unit_code.clone())
        .filter(|c| unit_code::check(c).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ZRange;

    fn coded(id: &str, z: [f64; 2], code: &str) -> Stratum {
        let mut s = Stratum::ground(id, "0701");
        s.z = ZRange::new(z[0], z[1]);
        s.unit_code = Some(code.to_owned());
        s
    }

    #[test]
    fn renumbering_keeps_the_old_code_and_same_layer_parents() {
        let mut strata = vec![
            coded("a", [-6.0, 0.0], "440305001002GX00003F00010001"),
            coded("b", [0.0, 6.0], "440305001002GB00004F00010001"),
        ];
        let merged = ["440305001002GB00009W00000000".to_owned()];
        let mut next = 10;
        renumber(&mut strata, &mut next, &merged);
        assert_eq!(next, 12);
        assert_eq!(
            strata[0].unit_code.as_deref(),
            Some("440305001002GX00010F00010001")
        );
        assert_eq!(
            strata[0].parent_unit_codes,
            ["440305001002GX00003F00010001"]
        );
        assert_eq!(
            strata[1].parent_unit_codes,
            [
                "440305001002GB00004F00010001",
                "440305001002GB00009W00000000"
            ]
        );
    }

    #[test]
    fn malformed_and_missing_codes_are_not_renumbered() {
        let mut strata = vec![coded("a", [0.0, 3.0], "bad"), Stratum::ground("b", "0701")];
        let before = strata.clone();
        let mut next = 1;
        renumber(&mut strata, &mut next, &[]);
        assert_eq!(strata, before);
        assert_eq!(next, 1);
    }
}
