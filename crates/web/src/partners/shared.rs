//! `/shared`: cases other organisations have shared with mine, and `/referrals`: the
//! referrals my organisation made and received.
use super::{allowed, referral_clock};
use crate::auth::Staff;
use crate::cases::partners_view::status_tag;
use crate::page::{Layout, render};
use crate::view::{Tag, status_tag as case_status, when};
use crate::{AppError, AppState};
use asbcase_domain::partnership::answer_overdue;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use std::collections::HashMap;

struct SharedRow {
    reference: String,
    owner: String,
    status: Tag,
    category: String,
    address: String,
    scope: &'static str,
    purpose: String,
    since: String,
}

#[derive(Template)]
#[template(path = "shared.html")]
struct SharedPage {
    layout: Layout,
    rows: Vec<SharedRow>,
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    allowed(&staff)?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let names: HashMap<_, _> = store.organisations(tenant).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let catalogue = store.categories(tenant).await?;
    let rows = store
        .cases_shared_with(tenant, staff.user.organisation)
        .await?
        .into_iter()
        .map(|c| SharedRow {
            reference: c.reference,
            owner: names.get(&c.owner).cloned().unwrap_or_default(),
            status: case_status(c.status),
            category: crate::view::category_name(&c.primary_category, &catalogue),
            address: c.address,
            scope: c.scope.label(),
            purpose: c.purpose,
            since: when(c.shared_at),
        })
        .collect();
    render(&SharedPage { layout: staff.layout("Shared with us", "/shared"), rows })
}

struct ReferralRow {
    id: String,
    reference: String,
    other: String,
    reason: String,
    made: String,
    status: Tag,
}

#[derive(Template)]
#[template(path = "referrals.html")]
struct ReferralsPage {
    layout: Layout,
    received: Vec<ReferralRow>,
    made: Vec<ReferralRow>,
    overdue_received: usize,
    overdue_made: usize,
    days: u32,
    /// Only the referrals this person made are listed under "Made by us".
    mine: bool,
}

#[derive(serde::Deserialize, Default)]
pub struct ReferralsQuery {
    /// "me": only the referrals this person made.
    #[serde(default)]
    made_by: String,
}

pub async fn referrals(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ReferralsQuery>,
) -> Result<Response, AppError> {
    allowed(&staff)?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let names: HashMap<_, _> = store.organisations(tenant).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let (calendar, days) = referral_clock(&state, &staff).await?;
    let today = asbcase_domain::time::now().to_zoned(asbcase_domain::time::london()).date();
    let row = |r: asbcase_store::ReferralRow, sent: bool| {
        let overdue = answer_overdue(r.status, r.made_at, days, &calendar, today);
        let other = if sent {
            match r.to_org {
                Some(o) => names.get(&o).cloned().unwrap_or_default(),
                None => format!("{} (support service)", r.to_name),
            }
        } else {
            names.get(&r.from_org).cloned().unwrap_or_default()
        };
        (
            overdue,
            ReferralRow {
                id: r.id.to_string(),
                reference: r.reference,
                other,
                reason: r.reason,
                made: when(r.made_at),
                status: status_tag(r.status, overdue),
            },
        )
    };
    let org = staff.user.organisation;
    let received: Vec<_> = store.referrals(tenant, org, false).await?.into_iter().map(|r| row(r, false)).collect();
    let mine = q.made_by == "me";
    let made: Vec<_> = store
        .referrals(tenant, org, true)
        .await?
        .into_iter()
        .filter(|r| !mine || r.made_by == Some(staff.user.id))
        .map(|r| row(r, true))
        .collect();
    let waiting = |v: &[(bool, ReferralRow)]| v.iter().filter(|(o, _)| *o).count();
    render(&ReferralsPage {
        layout: staff.layout("Referrals", "/referrals"),
        overdue_received: waiting(&received),
        overdue_made: waiting(&made),
        received: received.into_iter().map(|(_, r)| r).collect(),
        made: made.into_iter().map(|(_, r)| r).collect(),
        days,
        mine,
    })
}
