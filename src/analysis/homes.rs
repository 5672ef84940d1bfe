//! Homes: the residential parcels of a scenario, each with a home point and a population
//! (DESIGN.md "Analysis definitions").

use geo::{Centroid, Contains, InteriorPoint, Point};

use crate::model::{Parcel, ParcelId, Plan, Scenario, Standard};

/// A residential parcel as the coverage analysis sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Home {
    pub parcel: ParcelId,
    /// A point inside the parcel: its centroid where that is inside, else an interior point.
    pub point: Point<f64>,
    pub population: f64,
}

/// The point of a parcel that stands for it: its centroid where inside, else a point
/// guaranteed inside (concave or ring-shaped parcels).
pub fn home_point(parcel: &Parcel) -> Option<Point<f64>> {
    let centroid = parcel.shape.centroid()?;
    if parcel.shape.contains(&centroid) {
        Some(centroid)
    } else {
        parcel.shape.interior_point()
    }
}

/// Residential floor area: for each stratum at or above ground (bottom ≥ 0), its
/// footprint × floors × share of residential (class 07) uses.
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// use strata::model::{Parcel, Scenario, Standard, Stratum};
/// let square = polygon![(x: 0.0, y: 0.0), (x: 30.0, y: 0.0), (x: 30.0, y: 30.0), (x: 0.0, y: 30.0)];
/// let mut parcel = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
/// let mut flats = Stratum::ground("s1", "0701");
/// flats.floors = Some(4);
/// parcel.strata.push(flats);
/// assert_eq!(strata::analysis::homes::residential_floor_area(&parcel), 3600.0);
/// // 3600 m² / 36 m² per person = 100 residents.
/// assert_eq!(strata::analysis::homes::population(&parcel, &Standard::default_gb50180()), 100.0);
/// ```
pub fn residential_floor_area(parcel: &Parcel) -> f64 {
    parcel
        .strata
        .iter()
        .filter(|s| s.z.bottom >= 0.0)
        .map(|s| {
            let share = s.share_of_class("07");
            if share <= 0.0 {
                return 0.0;
            }
            parcel.stratum_area(s).m2() * f64::from(s.floors.unwrap_or(0)) * share
        })
        .fold(0.0, |a, b| a + b)
}

/// Residents of a parcel: `population` if given, else residential floor area / floor
/// area per person of the standard.
pub fn population(parcel: &Parcel, standard: &Standard) -> f64 {
    match parcel.population {
        Some(p) if p.is_finite() && p >= 0.0 => p,
        _ => residential_floor_area(parcel) / standard.floor_area_per_person_m2,
    }
}

/// The home of a residential parcel (`None` for other parcels).
pub fn home(parcel: &Parcel, standard: &Standard) -> Option<Home> {
    if !parcel.is_residential() {
        return None;
    }
    Some(Home {
        parcel: parcel.id.clone(),
        point: home_point(parcel)?,
        population: population(parcel, standard),
    })
}

/// The homes of a scenario, in parcel order.
pub fn homes(plan: &Plan, scenario: Scenario, standard: &Standard) -> Vec<Home> {
    use rayon::prelude::*;
    plan.parcels
        .par_iter()
        .enumerate()
        .filter(|(_, p)| p.scenario == scenario && p.is_residential())
        .filter_map(|(_, parcel)| home(parcel, standard))
        .collect()
}
