//! `strata inventory --expiring N`: the rights' and operations' terms of a scenario that
//! run out within N years, with their end year (text, JSON or CSV).

use strata::analysis::terms::{ExpiringTerms, TermOf, TermRow};
use strata::i18n::tr;
use strata::model::Scenario;
use strata::tr;

use super::options::TableFormat;
use super::{csv_field, pad, scenario_word};

/// Prints the expiring terms in the format asked for.
pub(crate) fn print_expiring(
    name: &str,
    scenario: Scenario,
    terms: &ExpiringTerms,
    format: TableFormat,
) {
    match format {
        TableFormat::Json => match serde_json::to_string_pretty(terms) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("{e}"),
        },
        TableFormat::Csv => print_csv(terms),
        TableFormat::Text => print_text(name, scenario, terms),
    }
}

fn of_word(row: &TermRow) -> String {
    match row.of {
        TermOf::Right => tr("cli-terms-right"),
        TermOf::Operation => tr("cli-terms-operation"),
    }
}

fn print_csv(terms: &ExpiringTerms) {
    println!("parcel,stratum,unit_code,of,kind,party,start,years,end,end_year,years_left,expired");
    for t in &terms.terms {
        let of = match t.of {
            TermOf::Right => "right",
            TermOf::Operation => "operation",
        };
        println!(
            "{},{},{},{},{},{},{},{},{},{},{:.1},{}",
            csv_field(&t.parcel),
            csv_field(&t.stratum),
            t.unit_code.as_deref().map(csv_field).unwrap_or_default(),
            of,
            t.kind.unwrap_or(""),
            csv_field(t.party.as_deref().unwrap_or("")),
            csv_field(&t.start),
            t.years,
            t.end.as_deref().unwrap_or(""),
            t.end_year,
            t.years_left,
            t.expired
        );
    }
}

fn print_text(name: &str, scenario: Scenario, terms: &ExpiringTerms) {
    println!(
        "{}",
        tr!(
            "cli-terms-title",
            name = name,
            scenario = scenario_word(scenario),
            years = format!("{}", terms.within_years),
            as_of = format!("{:.1}", terms.as_of),
            n = terms.terms.len()
        )
    );
    if terms.terms.is_empty() {
        return;
    }
    println!(
        "\n{} {} {} {} {} {} {}",
        pad(&tr("cli-terms-col-parcel"), 10, false),
        pad(&tr("cli-terms-col-stratum"), 8, false),
        pad(&tr("cli-terms-col-of"), 10, false),
        pad(&tr("cli-terms-col-kind"), 22, false),
        pad(&tr("cli-terms-col-start"), 10, false),
        pad(&tr("cli-terms-col-end"), 6, true),
        pad(&tr("cli-terms-col-left"), 10, true),
    );
    for t in &terms.terms {
        let left = if t.expired {
            tr("cli-terms-expired")
        } else {
            format!("{:.1}", t.years_left)
        };
        println!(
            "{} {} {} {} {} {:>6} {}  {}",
            pad(&t.parcel, 10, false),
            pad(&t.stratum, 8, false),
            pad(&of_word(t), 10, false),
            pad(t.kind.unwrap_or("-"), 22, false),
            pad(&t.start, 10, false),
            t.end_year,
            pad(&left, 10, true),
            t.party.as_deref().unwrap_or("")
        );
    }
}
