//! The API's description: the OpenAPI 3 document, generated from the handlers, and a page that
//! reads it for people (`/api/v1`), server-rendered like every page.
use crate::page::{Layout, render};
use askama::Template;
use axum::Json;
use axum::response::Response;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "asbcase API",
        description = "Anti-social behaviour cases for partners' and organisations' own systems. Every request gives an API token (Authorization: Bearer asb_…), which acts as its organisation: its own cases, and cases shared with it to read. Errors are application/problem+json.",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        super::cases::list,
        super::cases::read,
        super::create::create,
        super::work::contacts,
        super::record::add_contact,
        super::record::add_note,
        super::work::interventions,
        super::work::evidence,
        super::work::referrals,
        super::work::shares,
        super::kpis::figures
    ),
    components(schemas(
        super::kpis::KpiReport,
        super::create::NewCase,
        super::create::NewComplainant,
        super::cases::CaseList,
        super::cases::CaseItem,
        super::cases::CaseDetail,
        super::cases::PartyItem,
        super::work::ContactItem,
        super::work::InterventionItem,
        super::work::EvidenceItem,
        super::work::ReferralItem,
        super::work::ShareItem,
        super::record::NewContact,
        super::record::NewNote,
        super::record::Recorded,
        super::Problem
    )),
    modifiers(&TokenScheme)
)]
pub struct ApiDoc;

struct TokenScheme;

impl Modify for TokenScheme {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.description = Some("An API token, made by an administrator (asbcase api-token create)".into());
        components.add_security_scheme("token", SecurityScheme::Http(bearer));
    }
}

/// `/api/v1/openapi.json`.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

struct Operation {
    method: String,
    path: String,
    summary: String,
    parameters: Vec<(String, String, String)>,
    responses: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "api.html")]
struct ApiPage {
    layout: Layout,
    description: String,
    operations: Vec<Operation>,
}

/// `/api/v1`: the same document, for people.
pub async fn page() -> Result<Response, crate::AppError> {
    let doc = ApiDoc::openapi();
    let value = serde_json::to_value(&doc).unwrap_or_default();
    let mut operations = vec![];
    if let Some(paths) = value["paths"].as_object() {
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
                let parameters = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| (text(&p["name"]), text(&p["in"]), text(&p["description"])))
                    .collect();
                let responses = op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(code, r)| (code.clone(), text(&r["description"])))
                    .collect();
                let summary = [text(&op["summary"]), text(&op["description"])]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                operations.push(Operation {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    summary,
                    parameters,
                    responses,
                });
            }
        }
    }
    render(&ApiPage {
        layout: Layout::public("The asbcase API"),
        description: doc.info.description.unwrap_or_default(),
        operations,
    })
}
