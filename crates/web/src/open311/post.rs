//! `POST requests`: a partner's report becomes a case, scored by the same questionnaire and
//! acknowledged like any other. A repeat with the same `attribute[external_id]` from the same
//! key returns the first request.
use super::{Answer, Caller, Doc, Format, Open311Error, Params, field};
use crate::AppState;
use asbcase_domain::case::{Channel, Flags, NewReport, ReportDetails, RuleBook};
use asbcase_domain::category::rank;
use asbcase_domain::intake::new_case;
use asbcase_domain::location::{Location, Postcode};
use asbcase_domain::open311::{Submitted, read_attributes};
use asbcase_domain::report::{ContactDetails, ContactForm, SHORT_MAX, check_contact, check_description};
use asbcase_domain::time::london;
use asbcase_store::{Open311Key, Open311Link, Open311Query, SubmitOutcome};
use axum::http::StatusCode;
use sha2::{Digest, Sha256};

const MEDIA_URL_MAX: usize = 2000;

/// Where it is happening, from `lat`/`long`, `address_string` or `address_id`.
fn location(p: &Params, problems: &mut Vec<String>) -> Location {
    let mut loc = Location::default();
    let coordinate = |name: &str, limit: f64, problems: &mut Vec<String>| -> Option<f64> {
        let v = p.get(name)?;
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x.abs() <= limit => Some(x),
            _ => {
                problems.push(format!("{name} '{v}' must be a number of degrees between -{limit} and {limit}"));
                None
            }
        }
    };
    loc.latitude = coordinate("lat", 90.0, problems);
    loc.longitude = coordinate("long", 180.0, problems);
    if p.get("lat").is_some() != p.get("long").is_some() {
        problems.push("lat and long must be given together".into());
    }
    let address = p.get("address_string").unwrap_or_default();
    if address.chars().count() > SHORT_MAX {
        problems.push(format!("address_string must be {SHORT_MAX} characters or fewer"));
    }
    loc.uprn = p.get("address_id").map(str::to_string);
    if address.is_empty() && loc.uprn.is_none() && (p.get("lat").is_none() || p.get("long").is_none()) {
        problems.push("Give where it is happening: lat and long, address_string or address_id".into());
    }
    // A UK address usually ends with its postcode.
    loc.postcode = address.rsplit(',').next().and_then(|last| Postcode::parse(last).ok()).or_else(|| {
        let words: Vec<&str> = address.split_whitespace().collect();
        words.len().checked_sub(2).and_then(|i| Postcode::parse(&words[i..].join(" ")).ok())
    });
    loc.address = match (address, &loc.uprn, loc.latitude.zip(loc.longitude)) {
        (a, _, _) if !a.is_empty() => a.to_string(),
        (_, Some(uprn), _) => format!("Property with UPRN {uprn}"),
        (_, _, Some((lat, long))) => format!("Map location {lat:.5}, {long:.5}"),
        _ => String::new(),
    };
    loc
}

/// The complainant, if the partner sent a way to reach them.
fn complainant(p: &Params, problems: &mut Vec<String>) -> Option<ContactDetails> {
    let email = p.get("email").unwrap_or_default();
    let phone = p.get("phone").unwrap_or_default();
    if email.is_empty() && phone.is_empty() {
        return None;
    }
    let name = [p.get("first_name"), p.get("last_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let form = ContactForm {
        anonymous: "no".into(),
        name: if name.is_empty() { "Name not given".into() } else { name },
        email: email.into(),
        phone: phone.into(),
        address: String::new(),
        preferred: if email.is_empty() { "phone" } else { "email" }.into(),
        safe_times: String::new(),
    };
    match check_contact(&form) {
        Ok(c) => c,
        Err(errors) => {
            for e in errors {
                let param = match e.field.as_str() {
                    "name" => "first_name and last_name",
                    f => f,
                };
                problems.push(format!("{param}: {}", e.message));
            }
            None
        }
    }
}

fn media_url(p: &Params, problems: &mut Vec<String>) -> Option<String> {
    let url = p.get("media_url")?;
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > MEDIA_URL_MAX {
        problems.push(format!("media_url must be an http or https address of up to {MEDIA_URL_MAX} characters"));
        return None;
    }
    Some(url.to_string())
}

fn draft_token(key: &Open311Key, external_id: Option<&str>) -> String {
    let seed = match external_id {
        Some(e) => format!("open311:{}:{e}", key.id),
        None => format!("open311:{}:{}", key.id, hex::encode(rand::random::<[u8; 16]>())),
    };
    hex::encode(Sha256::digest(seed.as_bytes()))
}

/// The parameters of `POST requests` that take one value.
const SINGLE: [&str; 15] = [
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
];

pub async fn create(state: &AppState, p: &Params, format: Format) -> Answer {
    p.once(&SINGLE, format)?;
    let caller = Caller::of(state, p, format).await?;
    let key = caller.require_key(format)?.clone();
    let store = state.store();
    let internal = |e: asbcase_store::StoreError| Open311Error::internal(format, e);
    let Some(code) = p.get("service_code") else {
        return Err(Open311Error::bad(format, "service_code was not provided"));
    };
    let catalogue = store.categories(caller.tenant.id).await.map_err(internal)?;
    if !catalogue.iter().any(|c| c.code == code) {
        return Err(Open311Error::new(StatusCode::NOT_FOUND, format, format!("service_code '{code}' was not found")));
    }
    let q = store.questionnaire(caller.tenant.id).await.map_err(internal)?;
    let mut problems = vec![];
    let place = location(p, &mut problems);
    let mut errors = vec![];
    let description = check_description(p.get("description").unwrap_or_default(), &mut errors);
    problems.extend(errors.into_iter().map(|e| format!("description: {}", e.message)));
    let submitted = read_attributes(&q, &p.attributes()).unwrap_or_else(|e| {
        problems.extend(e);
        Submitted::default()
    });
    let contact = complainant(p, &mut problems);
    let media = media_url(p, &mut problems);
    if !problems.is_empty() {
        return Err(Open311Error { status: StatusCode::BAD_REQUEST, messages: problems, format });
    }

    // A repeat of a request already stored: answer with it, without numbering a new case.
    if let Some(e) = submitted.external_id.as_deref()
        && let Some(first) = store.open311_by_external_id(caller.tenant.id, key.id, e).await.map_err(internal)?
    {
        return Ok(accepted(
            &first.reference.to_string(),
            &first.token,
            "This request was already received.".into(),
            format,
        ));
    }
    let now = asbcase_domain::time::now();
    let (categories, priority) = rank(&[code.to_string()], &catalogue).map_err(|e| Open311Error::bad(format, e))?;
    let assessment = q.assess(&submitted.answers);
    let standards = store.service_standards(caller.tenant.id, key.receiving_organisation).await.map_err(internal)?;
    let book = RuleBook::new(caller.tenant.division, standards);
    let rules = book.rules();
    let reference = store.next_reference(caller.tenant.id, now.to_zoned(london()).year()).await.map_err(internal)?;
    let report = NewReport {
        organisation: key.receiving_organisation,
        channel: Channel::Open311,
        description,
        categories,
        priority,
        risk_band: assessment.band,
        location: place,
        flags: Flags { hate_strands: submitted.answers.hate_strands.clone(), ..Flags::default() },
        patch: None,
        reported_at: now,
        details: ReportDetails {
            how_often: submitted.how_often.clone(),
            happening_now: submitted.happening_now,
            ..ReportDetails::default()
        },
        assessment: Some(assessment),
    };
    let (mut case, people) =
        new_case(caller.tenant.id, reference, report, contact.as_ref(), submitted.about.as_deref(), None, &rules)
            .map_err(|e| Open311Error::bad(format, e.to_string()))?;
    let organisation = store
        .organisation(caller.tenant.id, key.receiving_organisation)
        .await
        .map_err(internal)?
        .map(|o| o.name)
        .unwrap_or_default();
    let contact_by = crate::report::contact_by(&case);
    let mut messages = vec![];
    if let Some(c) = &contact
        && let Some(m) = asbcase_notify::acknowledgement(
            store,
            &case,
            &organisation,
            c,
            &contact_by,
            crate::residents::links::for_acknowledgement(state, &case, now),
            now,
        )
        .await
        .map_err(internal)?
    {
        messages.push(m);
    }
    let token_hash = draft_token(&key, submitted.external_id.as_deref());
    let link = Open311Link {
        key: key.id,
        token: hex::encode(rand::random::<[u8; 16]>()),
        external_id: submitted.external_id.clone(),
        media_url: media,
    };
    store
        .save_draft(&token_hash, caller.tenant.id, &serde_json::json!({ "open311": key.id.to_string() }), now)
        .await
        .map_err(internal)?;
    let reference = match store
        .submit_report(&token_hash, &people, &mut case, &messages, Some(&link), now)
        .await
        .map_err(internal)?
    {
        SubmitOutcome::Sent(r) | SubmitOutcome::AlreadySent(r) => r,
        SubmitOutcome::NoDraft => return Err(Open311Error::internal(format, "draft vanished")),
    };
    // On a repeat, answer with the first request as it was stored.
    let query = Open311Query { ids: vec![reference.to_string()], limit: 1, ..Open311Query::default() };
    let stored = store.open311_requests(caller.tenant.id, &query).await.map_err(internal)?;
    let token = stored.first().map(|r| r.token.clone()).unwrap_or(link.token);
    let notice = if contact.is_some() {
        format!("Thank you. An officer will contact the person who reported this by {contact_by}.")
    } else {
        "Thank you. Without contact details we cannot tell the person who reported this what happens.".into()
    };
    Ok(accepted(&reference.to_string(), &token, notice, format))
}

/// The answer to a request taken: its id, its token and a notice.
fn accepted(id: &str, token: &str, notice: String, format: Format) -> axum::response::Response {
    Doc::List(
        "service_requests",
        "request",
        vec![vec![
            field("service_request_id", id),
            field("token", token),
            field("service_notice", notice),
            field("account_id", None::<String>),
        ]],
    )
    .respond(StatusCode::OK, format)
}
