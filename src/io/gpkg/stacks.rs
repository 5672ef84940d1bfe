//! The strata read from a GeoPackage, waiting for their parcels.
//!
//! The strata stay in the parts their rows were read into (copying a city's 200 000
//! strata into one list cost 90 MB of fresh memory), and which parcel row each belongs
//! to is one sorted list looked up by binary search (a map of a list per parcel had
//! made 100 000 small lists, and hashed each parcel's id a second time).

use rustc_hash::FxHashMap as HashMap;

use super::read::Modelled;
use crate::model::{ParcelId, Problem, RawFeature, Stratum};

/// A stratum row as modelled: the parcel its `parcel_id` names, its position in the
/// stack, and the stratum until a parcel takes it.
pub(super) struct StratumRow {
    pub parcel_id: String,
    pub position: i64,
    pub stratum: Option<Stratum>,
}

/// Where a stratum row belongs: the parcel row its mapping row names, or (a row added
/// without one, in QGIS) the parcel its `parcel_id` names.
#[derive(PartialEq, Eq, Hash)]
pub(super) enum Owner {
    Row(i64),
    Id(String),
}

/// A stratum's place among the parts: (part, row).
type At = (u32, u32);

pub(super) struct Stacks {
    parts: Vec<Vec<(Option<i64>, Modelled<StratumRow>)>>,
    /// (parcel fid, place) sorted: in each parcel's run, the strata in the order read.
    by_row: Vec<(i64, At)>,
    /// Strata owned by a parcel id (rare), in the order read.
    by_id: HashMap<String, Vec<At>>,
}

impl Stacks {
    /// Files the rows read (`parts`, in `fid` order) under their owners; a row that
    /// could not be modelled goes to `bad`, in the order read. `parcel_of` maps a
    /// stratum's fid to its parcel's (the related-tables mapping).
    pub fn new(
        mut parts: Vec<Vec<(Option<i64>, Modelled<StratumRow>)>>,
        parcel_of: &HashMap<i64, i64>,
        mut bad: impl FnMut(Box<(Problem, RawFeature)>),
    ) -> Stacks {
        let mut by_row = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        let mut by_id: HashMap<String, Vec<At>> = HashMap::default();
        for (p, part) in parts.iter_mut().enumerate() {
            for (r, (fid, modelled)) in part.iter_mut().enumerate() {
                let at = (p as u32, r as u32);
                match modelled {
                    Ok(row) => match fid.and_then(|fid| parcel_of.get(&fid)) {
                        Some(&parcel) => by_row.push((parcel, at)),
                        None => by_id
                            .entry(std::mem::take(&mut row.parcel_id))
                            .or_default()
                            .push(at),
                    },
                    Err(_) => {
                        if let Err(b) = std::mem::replace(modelled, Ok(StratumRow::taken())) {
                            bad(b);
                        }
                    }
                }
            }
        }
        // Strata are written in their parcels' order: mostly sorted already.
        by_row.sort_unstable();
        Stacks {
            parts,
            by_row,
            by_id,
        }
    }

    /// The position and stratum at `at`, if no parcel has taken it.
    fn take_at(&mut self, (p, r): At) -> Option<(i64, Stratum)> {
        match &mut self.parts[p as usize][r as usize].1 {
            Ok(row) => row.stratum.take().map(|s| (row.position, s)),
            Err(_) => None,
        }
    }

    fn position_at(&self, (p, r): At) -> Option<i64> {
        match &self.parts[p as usize][r as usize].1 {
            Ok(row) => row.stratum.as_ref().map(|_| row.position),
            Err(_) => None,
        }
    }

    /// The strata of a parcel row, ordered by position (rows of equal position in the
    /// order they were read); they leave the stacks.
    pub fn take(&mut self, fid: Option<i64>, id: &ParcelId) -> Vec<Stratum> {
        let mut picks: Vec<At> = match fid {
            Some(fid) => {
                let start = self.by_row.partition_point(|e| e.0 < fid);
                let run = self.by_row[start..].iter().take_while(|e| e.0 == fid);
                run.map(|e| e.1).collect()
            }
            None => Vec::new(),
        };
        if !self.by_id.is_empty()
            && let Some(more) = self.by_id.remove(id.as_str())
        {
            picks.extend(more);
        }
        picks.sort_by_key(|&at| self.position_at(at));
        let mut strata = Vec::with_capacity(picks.len());
        for at in picks {
            if let Some((_, s)) = self.take_at(at) {
                strata.push(s);
            }
        }
        strata
    }

    /// What no parcel took, by owner (parcel rows in fid order, then ids).
    pub fn left(mut self) -> Vec<(Owner, Vec<(i64, Stratum)>)> {
        let mut left: Vec<(Owner, Vec<(i64, Stratum)>)> = Vec::new();
        for (fid, at) in std::mem::take(&mut self.by_row) {
            let Some(stratum) = self.take_at(at) else {
                continue;
            };
            match left.last_mut() {
                Some((Owner::Row(last), stack)) if *last == fid => stack.push(stratum),
                _ => left.push((Owner::Row(fid), vec![stratum])),
            }
        }
        for (id, ats) in std::mem::take(&mut self.by_id) {
            let stack: Vec<_> = ats.into_iter().filter_map(|at| self.take_at(at)).collect();
            if !stack.is_empty() {
                left.push((Owner::Id(id), stack));
            }
        }
        left
    }
}

impl StratumRow {
    /// A row whose stratum is gone (taken, or never modelled).
    fn taken() -> StratumRow {
        StratumRow {
            parcel_id: String::new(),
            position: 0,
            stratum: None,
        }
    }
}
