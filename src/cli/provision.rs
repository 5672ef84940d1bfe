//! `strata analyze`'s provision table (text): per category with a per-1,000 figure, the
//! residents, and required / provided / shortfall of floor area, land and places.

use strata::analysis::provision::{Balance, ProvisionReport};
use strata::i18n::tr;

use super::pad;

/// `required/provided (−shortfall)`, or `provided` alone where nothing is required.
fn balance_text(b: &Balance) -> String {
    match (b.required, b.shortfall) {
        (Some(r), Some(s)) if s > 0.0 => format!("{r:.0}/{:.0} (-{s:.0})", b.provided),
        (Some(r), _) => format!("{r:.0}/{:.0}", b.provided),
        (None, _) if b.provided == 0.0 => "-".to_owned(),
        (None, _) => format!("-/{:.0}", b.provided),
    }
}

/// The plan-wide provision of the categories the standard gives a per-1,000 figure or
/// a facility size for.
pub(crate) fn print_provision(report: &ProvisionReport) {
    println!();
    println!("{}", tr("cli-analyze-provision"));
    println!(
        "{} {} {} {} {}",
        pad(&tr("cli-col-category"), 18, false),
        pad(&tr("cli-col-facilities"), 10, true),
        pad(&tr("cli-col-floor"), 22, true),
        pad(&tr("cli-col-land"), 22, true),
        pad(&tr("cli-col-places"), 22, true),
    );
    let mut unverified = false;
    for c in &report.categories {
        let any = c.floor_m2.required.is_some()
            || c.land_m2.required.is_some()
            || c.places.required.is_some()
            || c.facility_floor_m2.is_some()
            || c.facility_land_m2.is_some();
        if !any {
            continue;
        }
        unverified |= !c.verified;
        let places = match balance_text(&c.places) {
            t if t == "-" => t,
            t => format!("{t} {}", c.unit),
        };
        println!(
            "{:<18} {:>10} {:>22} {:>22} {:>22}{}",
            c.id,
            c.facilities,
            balance_text(&c.floor_m2),
            balance_text(&c.land_m2),
            places,
            if c.verified { "" } else { " *" }
        );
    }
    if unverified {
        println!("{}", tr("cli-provision-unverified"));
    }
    print_blocks(report);
}

/// The residential block level: how many blocks have every required block facility,
/// and the facilities most often missing.
fn print_blocks(report: &ProvisionReport) {
    if report.blocks.is_empty() {
        return;
    }
    let complete = report
        .blocks
        .iter()
        .filter(|b| b.missing.is_empty())
        .count();
    println!();
    println!(
        "{}",
        strata::tr!(
            "cli-analyze-blocks",
            complete = complete,
            blocks = report.blocks.len()
        )
    );
    let mut missing: Vec<(&str, usize)> = Vec::new();
    for id in report.blocks.iter().flat_map(|b| &b.missing) {
        match missing.iter_mut().find(|(m, _)| m == id) {
            Some((_, n)) => *n += 1,
            None => missing.push((id, 1)),
        }
    }
    for (id, n) in missing {
        println!("  {id:<24} {}", strata::tr!("cli-blocks-lacking", n = n));
    }
}
