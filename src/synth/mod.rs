//! A synthetic city for benchmarks and tests: a street grid with blocks of rectangular
//! parcels (housing towers, shops, offices, schools, parks, some with underground
//! parking strata), random facilities of every category, and walkable streets that
//! share a vertex at every crossing. Deterministic for a given seed.
//!
//! [`realistic_city`] makes a city shaped like OpenStreetMap-derived data instead
//! (curved streets, parcels of about 32 corners, courtyards, MultiPolygons), for the
//! end-to-end benchmarks.

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Point, Rect};

mod realistic;

pub use realistic::{RealisticSpec, realistic_city};

use crate::model::LocalFrame;
use crate::model::{
    Facility, FacilityId, FeatureMeta, Holder, Parcel, Plan, Reference, Right, Scenario, Status,
    Stratum, Street, StreetId, Use, ZRange,
};

/// Parcels per block side: blocks hold 4 × 4 parcels of 50 m × 50 m.
const PARCELS_PER_SIDE: usize = 4;
const PARCEL_M: f64 = 50.0;
const STREET_M: f64 = 20.0;
/// Street vertices per block pitch (220 m / 20 = 11 m).
const STREET_VERTICES_PER_BLOCK: usize = 20;

/// Small deterministic generator (SplitMix64): benchmarks must see the same city.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn one_use(code: &str) -> Vec<Use> {
    vec![Use {
        code: code.into(),
        share: 1.0,
        extra: Default::default(),
    }]
}

fn stratum(id: &str, z: (f64, f64), floors: u32, uses: Vec<Use>, holder: &str) -> Stratum {
    Stratum {
        id: crate::model::StratumId::new(id),
        z: ZRange::new(z.0, z.1),
        floors: Some(floors),
        uses,
        holders: vec![Holder {
            name: holder.into(),
            share: 1.0,
            extra: Default::default(),
        }],
        right: Some(Right::ConstructionLandUse),
        term: None,
        footprint: None,
        facilities: Vec::new(),
        note: None,
        unit_code: None,
        parent_unit_codes: Vec::new(),
        operation: None,
        extra: Default::default(),
    }
}

/// A synthetic city of about `n_parcels` parcels and `n_facilities` facilities (proposed
/// scenario), centred near Xiong'an.
///
/// ```
/// let plan = strata::synth::city(100, 20, 7);
/// assert_eq!(plan.parcels.len(), 100);
/// assert_eq!(plan.facilities.len(), 20);
/// assert!(strata::analysis::validate(&plan).iter().all(|p| !p.is_error()));
/// ```
pub fn city(n_parcels: usize, n_facilities: usize, seed: u64) -> Plan {
    // One random stream in a fixed order (parcels, then facilities): the same seed
    // gives the same city.
    let mut rng = Rng(seed);
    let grid = Grid::new(n_parcels);
    let mut plan = Plan::new(LocalFrame::new(115.95, 39.03));
    plan.settings.name = Some(format!("Synthetic city ({n_parcels} parcels, seed {seed})"));
    add_parcels(&mut plan, &mut rng, &grid, n_parcels);
    add_streets(&mut plan, &grid);
    add_facilities(&mut plan, &mut rng, &grid, n_facilities);
    plan
}

/// The square grid of blocks the city is laid out on.
struct Grid {
    /// Blocks per side.
    side: usize,
    /// Block plus street width, metres.
    pitch: f64,
    /// Side of the whole grid, metres.
    extent: f64,
    /// West and south edge (the grid is centred on 0, 0).
    origin: f64,
}

impl Grid {
    /// A grid with room for `n_parcels`.
    fn new(n_parcels: usize) -> Self {
        let per_block = PARCELS_PER_SIDE * PARCELS_PER_SIDE;
        // One block in eleven is a single park parcel, so reserve a few more blocks.
        let blocks = (n_parcels * 11).div_ceil(per_block * 10 + 1).max(1);
        let side = (blocks as f64).sqrt().ceil() as usize;
        let pitch = PARCELS_PER_SIDE as f64 * PARCEL_M + STREET_M;
        let extent = side as f64 * pitch;
        Self {
            side,
            pitch,
            extent,
            origin: -extent / 2.0,
        }
    }
}

/// Fills the blocks row by row until there are `n_parcels` parcels: every eleventh block
/// a park, the others 4 × 4 parcels of random status and use.
fn add_parcels(plan: &mut Plan, rng: &mut Rng, grid: &Grid, n_parcels: usize) {
    for by in 0..grid.side {
        for bx in 0..grid.side {
            let x0 = grid.origin + bx as f64 * grid.pitch + STREET_M / 2.0;
            let y0 = grid.origin + by as f64 * grid.pitch + STREET_M / 2.0;
            if (bx * 7 + by * 3) % 11 == 0 && plan.parcels.len() < n_parcels {
                let n = plan.parcels.len() + 1;
                plan.parcels.push(park(n, x0, y0));
                continue;
            }
            for j in 0..PARCELS_PER_SIDE {
                for i in 0..PARCELS_PER_SIDE {
                    if plan.parcels.len() == n_parcels {
                        return;
                    }
                    let min = Coord {
                        x: x0 + i as f64 * PARCEL_M,
                        y: y0 + j as f64 * PARCEL_M,
                    };
                    let n = plan.parcels.len() + 1;
                    plan.parcels.push(block_parcel(rng, n, min));
                }
            }
        }
    }
}

/// A whole block as one 4 ha park (a 10- and 5-minute park), parcel number `n`.
fn park(n: usize, x0: f64, y0: f64) -> Parcel {
    let side_m = PARCELS_PER_SIDE as f64 * PARCEL_M;
    let shape = MultiPolygon::new(vec![
        Rect::new(
            Coord { x: x0, y: y0 },
            Coord {
                x: x0 + side_m,
                y: y0 + side_m,
            },
        )
        .to_polygon(),
    ]);
    let mut park = Parcel::new(&format!("p-{n}"), Scenario::Proposed, shape);
    park.status = Some(Status::Planned);
    park.strata = vec![stratum("s1", (0.0, 1.0), 1, one_use("1401"), "City")];
    park
}

/// A 50 m × 50 m parcel number `n` with its south-west corner at `min`: a random status,
/// then random strata.
fn block_parcel(rng: &mut Rng, n: usize, min: Coord<f64>) -> Parcel {
    let max = Coord {
        x: min.x + PARCEL_M,
        y: min.y + PARCEL_M,
    };
    let shape = MultiPolygon::new(vec![Rect::new(min, max).to_polygon()]);
    let mut parcel = Parcel::new(&format!("p-{n}"), Scenario::Proposed, shape);
    parcel.status = Some(Status::ALL[rng.below(Status::ALL.len())]);
    parcel.meta = FeatureMeta::default();
    parcel.strata = random_strata(rng);
    parcel
}

/// The strata of a block parcel, by a draw of ten: half housing towers (a third with
/// underground parking), a mall, an office, a school, a green space, a factory.
fn random_strata(rng: &mut Rng) -> Vec<Stratum> {
    match rng.below(10) {
        0..=4 => {
            let floors = 6 + rng.below(25) as u32;
            let mut strata = vec![stratum(
                "s1",
                (0.0, 3.0 * floors as f64),
                floors,
                one_use("070102"),
                "Developer",
            )];
            if rng.below(3) == 0 {
                strata.push(stratum(
                    "s0",
                    (-10.0, 0.0),
                    2,
                    one_use("120803"),
                    "Parking Co.",
                ));
            }
            strata
        }
        5 => vec![stratum(
            "s1",
            (0.0, 12.0),
            3,
            vec![
                Use {
                    code: "090101".into(),
                    share: 0.6,
                    extra: Default::default(),
                },
                Use {
                    code: "0902".into(),
                    share: 0.4,
                    extra: Default::default(),
                },
            ],
            "Mall Co.",
        )],
        6 => vec![stratum(
            "s1",
            (0.0, 40.0),
            10,
            one_use("0902"),
            "Office Co.",
        )],
        7 => {
            // Schools host their school (reached at the parcel boundary).
            let mut school = stratum("s1", (0.0, 15.0), 4, one_use("080403"), "Education Bureau");
            school.facilities =
                vec![["primary_school", "middle_school", "kindergarten"][rng.below(3)].to_owned()];
            vec![school]
        }
        8 => vec![stratum("s1", (0.0, 1.0), 1, one_use("1401"), "City")],
        _ => vec![stratum(
            "s1",
            (0.0, 10.0),
            1,
            one_use("100101"),
            "Factory Co.",
        )],
    }
}

/// Streets: one line per grid row and column, with a vertex every 11 m (so a
/// 100k-parcel city has about 200k segments) and so at every crossing.
fn add_streets(plan: &mut Plan, grid: &Grid) {
    let (origin, pitch) = (grid.origin, grid.pitch);
    let steps = grid.side * STREET_VERTICES_PER_BLOCK;
    let lines: Vec<f64> = (0..=steps)
        .map(|k| origin + k as f64 * pitch / STREET_VERTICES_PER_BLOCK as f64)
        .collect();
    let crossings: Vec<f64> = (0..=grid.side).map(|k| origin + k as f64 * pitch).collect();
    for (k, &at) in crossings.iter().enumerate() {
        let along = |horizontal: bool| -> LineString<f64> {
            LineString::new(
                lines
                    .iter()
                    .map(|&t| {
                        if horizontal {
                            Coord { x: t, y: at }
                        } else {
                            Coord { x: at, y: t }
                        }
                    })
                    .collect(),
            )
        };
        for (horizontal, prefix) in [(true, "h"), (false, "v")] {
            plan.streets.push(Street {
                id: StreetId::new(format!("st-{prefix}{k}")),
                scenario: Scenario::Proposed,
                line: MultiLineString::new(vec![along(horizontal)]),
                walkable: true,
                name: None,
                meta: FeatureMeta::default(),
            });
        }
    }
}

/// `n_facilities` facilities at random points of the grid, of random categories of the
/// built-in standard.
fn add_facilities(plan: &mut Plan, rng: &mut Rng, grid: &Grid, n_facilities: usize) {
    let categories: Vec<String> = Reference::default()
        .standard
        .categories
        .iter()
        .map(|c| c.id.clone())
        .collect();
    for n in 0..n_facilities {
        let x = grid.origin + rng.unit() * grid.extent;
        let y = grid.origin + rng.unit() * grid.extent;
        plan.facilities.push(Facility {
            id: FacilityId::new(format!("f-{}", n + 1)),
            scenario: Scenario::Proposed,
            position: Point::new(x, y),
            category: categories[rng.below(categories.len())].clone(),
            name: None,
            meta: FeatureMeta::default(),
        });
    }
}
