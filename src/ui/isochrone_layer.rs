//! Walking-time areas on the map (issue 21): the 5, 10 and 15-minute bands of the
//! selected facility or of a chosen category, made by the core's
//! [`crate::analysis::isochrone::areas`] (what `strata isochrones` writes) with the
//! editor's metric, drawn as translucent polygons with a legend of the residents in
//! each band. They are made again after every edit; on a big plan on a thread, from a
//! copy of the plan, while the last bands stay on the map.

use std::sync::Arc;
use std::thread::JoinHandle;

use egui::{Color32, Shape, Stroke, Ui};
use geo::TriangulateEarcut;

use super::transform::ScreenFromWorld;
use crate::analysis::isochrone::{AreasError, AreasOf, Band, areas};
use crate::analysis::{Coverage, CoverageOptions, Metric};
use crate::i18n::tr;
use crate::model::{FacilityId, Plan, Reference, Scenario};
use crate::tr;

/// The bands drawn, in minutes (TD/T 1062-2021's 5/10/15-minute life circles).
pub const MINUTES: [f64; 3] = [5.0, 10.0, 15.0];
/// The cell size asked for; coarser on a wide extent (at most [`MAX_CELLS`] cells).
const CELL_M: f64 = 10.0;
const MAX_CELLS: f64 = 250_000.0;
/// Plans with this many parcels get their bands on a thread.
const THREAD_FROM: usize = 5_000;

/// Fill of band `i`, innermost first (drawn outermost first, so inner bands darken).
fn band_color(i: usize) -> Color32 {
    let [r, g, b, a] = [[8, 48, 107, 70], [20, 80, 140, 50], [40, 110, 170, 40]][i.min(2)];
    Color32::from_rgba_unmultiplied(r, g, b, a)
}
const OUTLINE: Color32 = Color32::from_rgb(8, 69, 148);

/// What the areas are of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// The facility selected on the map.
    #[default]
    Selected,
    /// Every facility of a category (its id).
    Category(String),
}

/// One band as drawn: triangles and outlines in world metres, and its legend figures.
pub struct BandShape {
    pub minutes: f64,
    pub distance_m: f64,
    pub homes: usize,
    pub population: f64,
    triangles: Vec<[f64; 2]>,
    rings: Vec<Vec<[f64; 2]>>,
    color: Color32,
}

impl BandShape {
    fn of(band: &Band, color: Color32) -> Self {
        let mut triangles = Vec::new();
        let mut rings = Vec::new();
        for polygon in &band.area.0 {
            let raw = polygon.earcut_triangles_raw();
            let vertex = |i: usize| raw.vertices[i];
            triangles.extend(raw.triangle_indices.iter().map(|&i| vertex(i)));
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                rings.push(ring.0.iter().map(|c| [c.x, c.y]).collect());
            }
        }
        Self {
            minutes: band.minutes,
            distance_m: band.distance_m,
            homes: band.homes,
            population: band.population,
            triangles,
            rings,
            color,
        }
    }
}

/// What a set of bands was made for: the same request gives the same bands.
#[derive(Clone, Debug, PartialEq)]
struct Request {
    of: AreasOf,
    metric: Metric,
    scenario: Scenario,
    /// Edits seen when asked.
    generation: u64,
}

type Job = JoinHandle<Result<(Vec<Band>, f64), AreasError>>;

/// The layer's settings and the bands it shows.
#[derive(Default)]
pub struct IsochroneLayer {
    pub shown: bool,
    pub source: Source,
    generation: u64,
    made_for: Option<Request>,
    shapes: Arc<Vec<BandShape>>,
    /// The cell size the shown bands were resolved to.
    cell_m: f64,
    error: Option<AreasError>,
    job: Option<(Request, Job)>,
}

impl IsochroneLayer {
    /// The plan changed: the bands are made again when next shown.
    pub fn plan_changed(&mut self) {
        self.generation += 1;
    }

    /// The bands on the map (empty when hidden or not made yet).
    pub fn shapes(&self) -> Arc<Vec<BandShape>> {
        if self.shown {
            self.shapes.clone()
        } else {
            Arc::default()
        }
    }

    /// Whether bands are being made on a thread.
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }

    /// Makes (or starts making) the bands the settings ask for, and takes a thread's
    /// bands when they are ready.
    pub fn ensure(
        &mut self,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
        selected: Option<&FacilityId>,
    ) {
        self.poll();
        if !self.shown {
            return;
        }
        let of = match (&self.source, selected) {
            (Source::Category(id), _) => AreasOf::Category(id.clone()),
            (Source::Selected, Some(id)) => AreasOf::Facility(id.to_string()),
            (Source::Selected, None) => {
                self.made_for = None;
                self.shapes = Arc::default();
                self.error = None;
                return;
            }
        };
        let request = Request {
            of,
            metric: coverage.options.metric,
            scenario: coverage.scenario,
            generation: self.generation,
        };
        let asked = |r: &Request| *r == request;
        if self.made_for.as_ref().is_some_and(asked)
            || self.job.as_ref().is_some_and(|(r, _)| asked(r))
        {
            return;
        }
        let speed = reference.standard.walking_speed_m_per_min;
        if plan.parcels.len() < THREAD_FROM {
            let result = areas(
                plan,
                coverage,
                &request.of,
                &MINUTES,
                speed,
                CELL_M,
                MAX_CELLS,
            );
            self.take(request, result);
            return;
        }
        // A job for an older request runs on and its bands are dropped.
        let plan = plan.clone();
        let standard = reference.standard.clone();
        let options = CoverageOptions {
            metric: request.metric,
            ..coverage.options.clone()
        };
        let job_request = request.clone();
        let job = std::thread::spawn(move || {
            let coverage = Coverage::compute(&plan, job_request.scenario, &standard, options);
            areas(
                &plan,
                &coverage,
                &job_request.of,
                &MINUTES,
                standard.walking_speed_m_per_min,
                CELL_M,
                MAX_CELLS,
            )
        });
        self.job = Some((request, job));
    }

    fn poll(&mut self) {
        if !self.job.as_ref().is_some_and(|(_, j)| j.is_finished()) {
            return;
        }
        if let Some((request, job)) = self.job.take() {
            // A job that panicked (its message is on stderr) leaves the last bands.
            if let Ok(result) = job.join() {
                self.take(request, result);
            }
        }
    }

    fn take(&mut self, request: Request, result: Result<(Vec<Band>, f64), AreasError>) {
        match result {
            Ok((bands, cell)) => {
                let n = bands.len();
                // Outermost first: inner bands are drawn over it and look darker.
                self.shapes = Arc::new(
                    bands
                        .iter()
                        .enumerate()
                        .rev()
                        .map(|(i, b)| BandShape::of(b, band_color(i)))
                        .collect(),
                );
                self.cell_m = cell;
                self.error = None;
                debug_assert_eq!(self.shapes.len(), n);
            }
            Err(e) => {
                self.shapes = Arc::default();
                self.error = Some(e);
            }
        }
        self.made_for = Some(request);
    }

    /// The controls and legend (the Layers panel): on/off, what the bands are of, and the
    /// residents within each band.
    pub fn controls_ui(&mut self, ui: &mut Ui, coverage: &Coverage) {
        ui.checkbox(&mut self.shown, tr("iso-toggle"))
            .on_hover_text(tr("iso-toggle.tooltip"));
        if !self.shown {
            return;
        }
        let name = |source: &Source| match source {
            Source::Selected => tr("iso-of-selected"),
            Source::Category(id) => coverage
                .categories
                .iter()
                .find(|c| &c.id == id)
                .map_or_else(|| id.clone(), |c| c.display_name()),
        };
        egui::ComboBox::new("isochrones of", tr("iso-of"))
            .selected_text(name(&self.source))
            .show_ui(ui, |ui| {
                let selected = Source::Selected;
                let text = name(&selected);
                ui.selectable_value(&mut self.source, selected, text);
                for (c, info) in coverage.categories.iter().enumerate() {
                    if coverage.targets[c].is_empty() {
                        continue;
                    }
                    let source = Source::Category(info.id.clone());
                    let text = name(&source);
                    ui.selectable_value(&mut self.source, source, text);
                }
            });
        self.legend_ui(ui);
    }

    fn legend_ui(&self, ui: &mut Ui) {
        if let Some(error) = &self.error {
            ui.label(error_text(error));
            return;
        }
        if self.shapes.is_empty() {
            if self.source == Source::Selected {
                ui.label(egui::RichText::new(tr("iso-select-facility")).weak());
            }
            if self.is_computing() {
                ui.label(tr("iso-computing"));
            }
            return;
        }
        for band in self.shapes.iter().rev() {
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                // The fill as it looks over a light map (the band's own alpha is low).
                ui.painter().rect_filled(rect, 2.0, over_white(band.color));
                ui.label(tr!(
                    "iso-band",
                    minutes = format!("{}", band.minutes),
                    distance = format!("{:.0}", band.distance_m),
                    residents = format!("{:.0}", band.population),
                    homes = band.homes
                ));
            });
        }
        ui.label(egui::RichText::new(tr!("iso-cell", cell = format!("{:.0}", self.cell_m))).weak());
    }
}

/// A translucent (premultiplied) colour as it looks over white.
fn over_white(c: Color32) -> Color32 {
    let rest = 255 - c.a();
    Color32::from_rgb(
        c.r().saturating_add(rest),
        c.g().saturating_add(rest),
        c.b().saturating_add(rest),
    )
}

fn error_text(error: &AreasError) -> String {
    match error {
        AreasError::UnknownCategory(id) | AreasError::NoFacilityOf(id) => {
            tr!("iso-err-no-facility", category = id.as_str())
        }
        AreasError::NoSuchFacility(id) => tr!("iso-err-no-such-facility", id = id.as_str()),
        AreasError::Empty => tr("iso-err-empty"),
    }
}

/// Draws the bands (under streets and facilities): fills, then outlines.
pub fn draw(shapes: &[BandShape], painter: &egui::Painter, t: &ScreenFromWorld) {
    for band in shapes {
        let mut mesh = egui::Mesh::default();
        for (i, &p) in band.triangles.iter().enumerate() {
            mesh.colored_vertex(t.screen_from_world(p), band.color);
            mesh.indices.push(i as u32);
        }
        painter.add(Shape::mesh(mesh));
    }
    for band in shapes {
        for ring in &band.rings {
            let points = ring.iter().map(|&p| t.screen_from_world(p)).collect();
            painter.add(Shape::line(points, Stroke::new(1.0, OUTLINE)));
        }
    }
}
