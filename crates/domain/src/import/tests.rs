use super::*;
use crate::calendar::{Calendar, Division};
use crate::category::default_catalogue;
use crate::standards::ServiceStandards;

const HEADER: &str = "reference,reported_on,description,categories,risk,address,postcode,status,opened_on,first_contact_on,closed_on,outcome,complainant_name,complainant_phone,officer\n";

fn ctx_parts() -> (Vec<Category>, HashMap<String, UserId>, HashSet<String>) {
    let mut officers = HashMap::new();
    officers.insert("sam.officer@vale.example".to_string(), UserId::new());
    (default_catalogue(), officers, HashSet::from(["old-1".to_string()]))
}

fn read(text: &str) -> Result<Vec<CaseRow>, Vec<Problem>> {
    let (catalogue, officers, already) = ctx_parts();
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now: crate::time::parse("2026-12-04T12:00:00Z").unwrap(),
        covers: (2015, 2030),
    };
    read_cases(text.as_bytes(), &ctx)
}

fn problems(text: &str) -> Vec<String> {
    read(text).expect_err("problems expected").iter().map(Problem::to_string).collect()
}

#[test]
fn uk_dates_are_read_day_first_in_every_usual_spelling() {
    let d = |y, m, day| jiff::civil::date(y, m, day);
    for (text, want) in [
        ("04/03/2019", d(2019, 3, 4)),
        ("4/3/2019", d(2019, 3, 4)),
        ("04-03-2019", d(2019, 3, 4)),
        ("04.03.2019", d(2019, 3, 4)),
        ("2019-03-04", d(2019, 3, 4)),
        ("4 March 2019", d(2019, 3, 4)),
        ("4 Mar 2019", d(2019, 3, 4)),
        ("04-Mar-2019", d(2019, 3, 4)),
        ("04/03/19", d(2019, 3, 4)),
        ("04/03/99", d(1999, 3, 4)),
    ] {
        assert_eq!(parse_uk(text, 2026).unwrap(), (want, None), "{text}");
    }
    let (_, time) = parse_uk("04/03/2019 14:05", 2026).unwrap();
    assert_eq!(time, Some(jiff::civil::time(14, 5, 0, 0)));
    let (_, time) = parse_uk("2019-03-04T14:05:30", 2026).unwrap();
    assert_eq!(time, Some(jiff::civil::time(14, 5, 30, 0)));
    for bad in ["03/13/2019", "31/02/2019", "2019", "yesterday", "4 Marchish 2019", "04/03/2019 25:00", "1/2/345"] {
        assert!(parse_uk(bad, 2026).is_err(), "{bad}");
    }
    // A date alone is 9am in London, in summer time as in winter.
    assert_eq!(london(d(2019, 7, 1), None).unwrap().to_string(), "2019-07-01T08:00:00Z");
    assert_eq!(london(d(2019, 1, 7), None).unwrap().to_string(), "2019-01-07T09:00:00Z");
}

#[test]
fn a_good_file_reads_every_row_with_its_dates_people_and_outcome() {
    let text = format!(
        "\u{feff}{HEADER}\
         OLD-7,04/03/2019,Music at night,Noise;Harassment,high,4 Mill Street,av1 4qt,closed,05/03/2019,06/03/2019,28/06/2019,resolved,Jo Adebayo,07700 900111,Sam.Officer@vale.example\n\
         OLD-8,2026-11-30 10:15,Bins in the stairwell,litter,Standard,Orchard Court,,Open,,,,,,,\n\
         ,,,,,,,,,,,,,,\n"
    );
    let rows = read(&text).unwrap();
    assert_eq!(rows.len(), 2, "a blank row is passed over: {rows:#?}");
    let first = &rows[0];
    assert_eq!((first.row, first.former_reference.as_str()), (2, "OLD-7"));
    assert_eq!(first.categories, vec!["harassment".to_string(), "noise".to_string()], "most urgent first");
    assert_eq!(first.risk_band, RiskBand::High);
    assert_eq!(first.location.postcode.as_ref().unwrap().as_str(), "AV1 4QT");
    assert_eq!(first.complainant.as_ref().unwrap().name, "Jo Adebayo");
    assert!(first.officer.is_some());
    let (closed_at, outcome, summary) = first.closed.clone().unwrap();
    assert_eq!((outcome, summary.as_str()), (ClosureOutcome::Resolved, "Closed before import"));
    assert_eq!(closed_at.to_string(), "2019-06-28T08:00:00Z");
    assert_eq!(first.channel, Channel::Phone, "the channel is phone when not given");
    let second = &rows[1];
    assert_eq!(second.reported_at.to_string(), "2026-11-30T10:15:00Z");
    assert_eq!(second.opened_at, second.reported_at, "opened when reported unless given");
    assert!(second.closed.is_none() && second.complainant.is_none());
}

#[test]
fn every_problem_is_named_by_row_and_column_and_nothing_is_read() {
    let text = format!(
        "{HEADER}\
         OLD-7,31/02/2019,Music,karaoke,huge,4 Mill Street,XX,closed,,,,,,,nobody@vale.example\n\
         OLD-7,04/03/2019,,noise,high,,,open,,,01/04/2019,resolved,,07700 900111,\n\
         OLD-1,04/03/2019,Shouting,noise,high,1 High St,,pending,,,,,,,\n\
         OLD-9,01/12/2027,Shouting,noise,high,1 High St,,closed,,03/03/2019,,,,,\n\
         OLD-10,04/03/2019,Shouting,noise,high\n\
         OLD-11,04/03/2011,Shouting,noise,high,1 High St,,open,,,,,,,\n"
    );
    let found = problems(&text);
    for want in [
        "row 2, column reported_on: '31/02/2019' is not a date",
        "row 2, column categories: 'karaoke' is not a category",
        "row 2, column risk: 'huge' is not one of: emergency, high, medium, standard",
        "row 2, column postcode: 'XX' is not a UK postcode",
        "row 2, column officer: 'nobody@vale.example' is not the email address",
        "row 2, column closed_on: is empty: it must be given",
        "row 2, column outcome: is empty: it must be given",
        "row 3, column description: is empty: it must be given",
        "row 3, column address: is empty",
        "row 3, column closed_on: is given but the status is open",
        "row 3, column complainant_name: is empty, but their other details are given",
        "row 3, column reference: 'OLD-7' is also on row 2",
        "row 4, column reference: 'OLD-1' has already been imported",
        "row 4, column status: 'pending' is not open or closed",
        "row 5, column reported_on: '01/12/2027' is in the future",
        "row 7, column reported_on: '04/03/2011' is before 2015: working days are counted from 2015",
        "row 6: has 5 cells where the header has 15",
    ] {
        assert!(found.iter().any(|p| p.starts_with(want)), "missing {want:?} in {found:#?}");
    }
}

#[test]
fn dates_out_of_order_are_refused() {
    let text = format!(
        "{HEADER}OLD-7,04/03/2019,Music,noise,high,4 Mill Street,,closed,01/03/2019,30/06/2019,28/06/2019,resolved,Jo,,\n"
    );
    let found = problems(&text);
    assert!(
        found.iter().any(|p| p.starts_with("row 2, column opened_on: is before the case was reported")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("row 2, column first_contact_on: is after the case was closed")),
        "{found:?}"
    );
}

#[test]
fn wrong_columns_and_encodings_are_named() {
    let found = problems(
        "reference,reported_on,descripton,categories,risk,address,status,risk\nA,04/03/2019,x,noise,high,y,open,high\n",
    );
    assert!(
        found.contains(
            &"row 1, column C: 'descripton' is not a column of a cases file (see docs/import.md for the columns)"
                .to_string()
        ),
        "{found:?}"
    );
    assert!(found.contains(&"row 1, column H: 'risk' is given twice".to_string()), "{found:?}");
    assert!(found.contains(&"row 1: the column 'description' is missing".to_string()), "{found:?}");
    let latin1 =
        b"reference,reported_on,description,categories,risk,address,status\nA,04/03/2019,caf\xe9,noise,high,y,open\n";
    let (catalogue, officers, already) = ctx_parts();
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now: Timestamp::now(),
        covers: (2015, 2030),
    };
    let found = read_cases(latin1, &ctx).unwrap_err();
    assert!(found[0].to_string().contains("not UTF-8 text (first found on line 2)"), "{found:?}");
    assert!(problems("")[0].contains("the file is empty"));
    assert!(problems("reference,reported_on,description,categories,risk,address,status\n")[0].contains("no cases"));
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(27), "AB");
}

#[test]
fn a_row_becomes_a_case_with_its_history_at_the_original_dates() {
    let text = format!(
        "{HEADER}OLD-7,04/03/2019,Music at night,noise,high,4 Mill Street,,closed,05/03/2019,06/03/2019,28/06/2019,resolved,Jo Adebayo,07700 900111,\n"
    );
    let row = read(&text).unwrap().remove(0);
    let (standards, calendar) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &standards, calendar: &calendar };
    let now = crate::time::parse("2026-12-04T12:00:00Z").unwrap();
    let (case, people) = row
        .to_case(TenantId::new(), OrganisationId::new(), CaseReference::new(2019, 41), "cases.csv", now, None, &rules)
        .unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(case.status, crate::case::Status::Closed);
    assert_eq!(case.outcome, Some(ClosureOutcome::Resolved));
    assert_eq!(case.reported_at.to_string(), "2019-03-04T09:00:00Z");
    let kinds: Vec<&str> = case.pending.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["reported", "imported", "party_added", "triaged", "opened", "contact_recorded", "closed"]);
    assert!(case.pending.iter().all(|e| e.at < now), "every event at its original date");
    assert!(case.last_successful_contact.is_some(), "the first contact counts for the figures");
}

#[test]
fn the_template_in_the_documentation_imports_without_a_problem() {
    let template = include_str!("../../../../docs/import-cases-template.csv");
    let (catalogue, mut officers, already) = ctx_parts();
    officers.insert("officer@council.example".into(), UserId::new());
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now: crate::time::parse("2026-12-04T12:00:00Z").unwrap(),
        covers: (2015, 2030),
    };
    let rows = read_cases(template.as_bytes(), &ctx).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[1].flags.hate_incident() && rows[1].flags.vulnerability);
    assert_eq!(rows[1].channel, Channel::Email);
}

#[test]
fn a_day_without_a_time_is_compared_by_the_day_and_a_written_offset_is_kept() {
    // Reported in the evening, contacted and closed "that day": not out of order, and the
    // history keeps its order.
    let text = format!(
        "{HEADER}OLD-7,04/03/2019 19:30,Music,noise,high,4 Mill Street,,closed,04/03/2019,04/03/2019,04/03/2019,resolved,Jo,,\n\
         OLD-8,2019-06-01T23:30:00Z,Shouting,noise,high,1 High St,,open,,,,,,,\n\
         OLD-9,04/12/2026,Shouting today,noise,high,1 High St,,open,,,,,,,\n"
    );
    let rows = read(&text).unwrap();
    let r = &rows[0];
    assert_eq!(r.opened_at, r.reported_at);
    assert_eq!(r.first_contact, Some(r.reported_at));
    assert_eq!(r.closed.as_ref().unwrap().0, r.reported_at);
    // 23:30 UTC on 1 June is 00:30 on 2 June in London: taken as written, not as London time.
    assert_eq!(rows[1].reported_at.to_string(), "2019-06-01T23:30:00Z");
    // Today, even before 9am: not in the future.
    assert_eq!(rows[2].reported_at.to_zoned(crate::time::london()).date(), jiff::civil::date(2026, 12, 4));
}
