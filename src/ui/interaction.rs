//! What the pointer is doing on the canvas right now: one value for the whole editor
//! instead of a leftover field per tool. A tool starts an interaction, follows it while
//! the button is held (or while points are clicked) and ends it with an edit or nothing.

use egui::Pos2;

use crate::edit::geometry::VertexRef;
use crate::model::FacilityId;

/// The pointer on the canvas: what it is doing and what it is over.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pointer {
    pub interaction: Interaction,
    /// Where the pointer is over the map (world metres).
    pub cursor_in_world: Option<[f64; 2]>,
    /// Corner of the selected parcel under the pointer (vertex tool; Delete removes it).
    pub hovered_vertex: Option<VertexRef>,
}

/// The canvas interaction under way.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Interaction {
    /// Nothing held, nothing half drawn.
    #[default]
    Idle,
    /// Points clicked so far (world metres): a parcel, a street, a split line, or the
    /// first corner of a rectangle.
    Drawing(Vec<[f64; 2]>),
    /// A path being measured (world metres) and its last reading.
    Measuring {
        points: Vec<[f64; 2]>,
        reading: Option<String>,
    },
    /// A box selection, from this corner (screen).
    BoxSelect { start: Pos2 },
    /// The selected parcels are dragged, from this point (world metres).
    MoveParcels { start: [f64; 2] },
    /// A facility is held; `at` is where the pointer holds it (world metres), for the
    /// what-if analysis. The plan changes only when it is dropped.
    DragFacility {
        id: FacilityId,
        at: Option<[f64; 2]>,
    },
    /// A corner is dragged, or (with `insert`) the middle of the edge after it.
    DragVertex { vertex: VertexRef, insert: bool },
}

impl Interaction {
    /// The points drawn so far (empty unless drawing or measuring).
    pub fn points(&self) -> &[[f64; 2]] {
        match self {
            Interaction::Drawing(points) | Interaction::Measuring { points, .. } => points,
            _ => &[],
        }
    }

    /// The facility held and where, while one is dragged.
    pub fn held_facility(&self) -> Option<(&FacilityId, Option<[f64; 2]>)> {
        match self {
            Interaction::DragFacility { id, at } => Some((id, *at)),
            _ => None,
        }
    }

    /// The measure tool's last reading.
    pub fn measurement(&self) -> Option<&str> {
        match self {
            Interaction::Measuring { reading, .. } => reading.as_deref(),
            _ => None,
        }
    }
}
