//! `strata analyze`'s zoning table (text output): every parcel with controls or a
//! violation, its achieved indicators against its limits, and the district's totals.

use strata::analysis::zoning::{Indicator, ZoningReport};
use strata::analysis::zoning_check::{format_value, indicator_name};
use strata::i18n::tr;
use strata::tr;

use super::pad;

/// Prints the zoning section of `analyze`'s text output.
pub fn print_zoning(report: &ZoningReport) {
    println!();
    println!(
        "{}",
        tr!(
            "cli-zoning-title",
            far = format!("{:.2}", report.far),
            floor = format!("{:.0}", report.floor_area_m2),
            violations = report.violations
        )
    );
    let rows: Vec<_> = report
        .parcels
        .iter()
        .filter(|p| p.controls.is_some() || !p.violations.is_empty())
        .collect();
    if rows.is_empty() {
        println!("{}", tr("cli-zoning-none"));
        return;
    }
    println!(
        "  {} {} {} {} {} {} {}",
        pad(&tr("cli-col-parcel"), 10, false),
        pad(&tr("cli-col-code"), 12, false),
        pad(&tr("zoning-ind-far"), 6, true),
        pad(&tr("zoning-ind-density"), 8, true),
        pad(&tr("zoning-ind-green"), 8, true),
        pad(&tr("zoning-ind-height"), 8, true),
        tr("cli-col-violations")
    );
    for p in rows {
        let broken: Vec<String> = p
            .violations
            .iter()
            .map(|v| {
                let what = match (&v.code, v.indicator) {
                    (Some(code), Indicator::Use | Indicator::Facility) => code.clone(),
                    _ => indicator_name(v.indicator).text(),
                };
                format!(
                    "{what} {} / {}",
                    format_value(v.indicator, v.value),
                    format_value(v.indicator, v.limit)
                )
            })
            .collect();
        println!(
            "  {} {} {:>6.2} {:>7.1}% {:>7.1}% {:>7.1}m {}",
            pad(p.id, 10, false),
            pad(p.code.unwrap_or("-"), 12, false),
            p.far,
            p.density * 100.0,
            p.green * 100.0,
            p.height_m,
            if broken.is_empty() {
                "ok".to_owned()
            } else {
                broken.join("; ")
            }
        );
    }
}
