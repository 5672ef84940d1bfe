//! Place facility: a click places a facility of the category chosen in the toolbar.

use geo::Point;

use super::ToolContext;
use crate::edit::create::add_facility;

pub fn input(cx: &mut ToolContext) {
    cx.pointer_snapped();
    if let Some(pos) = cx.click() {
        let w = cx.view.camera.world_from_screen(pos);
        cx.edits.push(Ok(add_facility(
            cx.plan,
            &cx.view.facility_category,
            Point::new(w[0], w[1]),
            cx.view.scenario,
        )));
    }
}
