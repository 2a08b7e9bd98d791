//! Discovery, the service list (the partnership's ASB categories) and each service's
//! definition (the risk questionnaire as attributes).
use super::{Answer, Caller, Doc, Format, Node, Open311Error, Params, Value, field, format_of};
use crate::AppState;
use asbcase_domain::category::Category;
use asbcase_domain::open311::attributes;
use asbcase_domain::questionnaire::Questionnaire;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

/// When this API's shape last changed.
const CHANGESET: &str = "2026-11-23T00:00:00Z";
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

pub fn discovery(format: Format) -> Response {
    let endpoint = vec![
        field("specification", SPECIFICATION),
        field("url", "/open311/v2"),
        field("changeset", CHANGESET),
        field("type", "production"),
        Node::Strings("formats", "format", vec!["text/xml".into(), "application/json".into()]),
    ];
    Doc::Object(
        "discovery",
        vec![
            field("changeset", CHANGESET),
            field("contact", "The anti-social behaviour team of the partnership that runs this service"),
            field("key_service", "Ask the anti-social behaviour team for an api_key; each partner has its own"),
            Node::List("endpoints", "endpoint", vec![endpoint]),
        ],
    )
    .respond(StatusCode::OK, format)
}

fn service(c: &Category) -> Vec<Node> {
    vec![
        field("service_code", c.code.as_str()),
        field("service_name", c.name.as_str()),
        field("description", c.explanation.as_str()),
        Node::Field("metadata", Value::Bool(true)),
        field("type", "realtime"),
        field("keywords", format!("{:?}", c.group).to_lowercase()),
        field("group", "Anti-social behaviour"),
    ]
}

pub async fn list(state: &AppState, p: &Params, format: Format) -> Answer {
    let caller = Caller::of(state, p, format).await?;
    let catalogue = catalogue(state, &caller, format).await?;
    Ok(Doc::List("services", "service", catalogue.iter().map(service).collect()).respond(StatusCode::OK, format))
}

async fn catalogue(state: &AppState, caller: &Caller, format: Format) -> Result<Vec<Category>, Open311Error> {
    state.store().categories(caller.tenant.id).await.map_err(|e| Open311Error::internal(format, e))
}

/// The attributes of a service, as GeoReport's `service_definition`.
pub fn definition_doc(code: &str, q: &Questionnaire) -> Doc {
    let attrs = attributes(q)
        .into_iter()
        .map(|a| {
            vec![
                Node::Field("variable", Value::Bool(true)),
                field("code", a.code),
                field("datatype", a.datatype),
                Node::Field("required", Value::Bool(a.required)),
                field("datatype_description", a.datatype_description),
                Node::Field("order", Value::Int(a.order as i64)),
                field("description", a.description),
                Node::List(
                    "values",
                    "value",
                    a.values.into_iter().map(|(k, n)| vec![field("key", k), field("name", n)]).collect(),
                ),
            ]
        })
        .collect();
    Doc::Object("service_definition", vec![field("service_code", code), Node::List("attributes", "attribute", attrs)])
}

pub async fn definition(State(state): State<AppState>, Path(file): Path<String>, RawQuery(q): RawQuery) -> Response {
    let answer: Answer = async {
        let (code, format) = format_of(&file)?;
        let p = Params::parse(q.as_deref().unwrap_or(""), format)?;
        let caller = Caller::of(&state, &p, format).await?;
        if !catalogue(&state, &caller, format).await?.iter().any(|c| c.code == code) {
            return Err(Open311Error::new(
                StatusCode::NOT_FOUND,
                format,
                format!("service_code '{code}' was not found"),
            ));
        }
        let q = state.store().questionnaire(caller.tenant.id).await.map_err(|e| Open311Error::internal(format, e))?;
        Ok(definition_doc(code, &q).respond(StatusCode::OK, format))
    }
    .await;
    answer.unwrap_or_else(|e| e.respond())
}
