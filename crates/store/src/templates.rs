//! The store's calls for how an organisation words its messages: its own wording of a kind of
//! message by a medium, in place of the standard one, each change kept in its settings' history
//! (`settings_changes`, one setting per kind and medium) with who made it.
use crate::{Result, SettingChange, Store, postgres, sqlite};
use asbcase_domain::message::{Medium, MessageKind, Template, describe_change};
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

/// The beginning of the name each kind and medium's changes are kept under.
const SETTING: &str = "messages:";
/// How many changes the pages show.
const CHANGES_SHOWN: i64 = 50;

/// The name changes to a kind of message's wording by a medium are kept under.
fn setting(kind: &str, medium: Medium) -> String {
    format!("{SETTING}{kind}:{}", medium.as_str())
}

/// Where an organisation's wording of one kind of message by one medium stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnWording {
    pub kind: String,
    pub medium: Medium,
    /// Whether it has its own wording (else the standard one is used).
    pub own: bool,
    /// When it was last changed, from the pages or the command line, if ever.
    pub changed_at: Option<Timestamp>,
}

impl Store {
    /// An organisation's own wording for a kind of message, if it has set one.
    pub async fn template(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        kind: &str,
        medium: Medium,
    ) -> Result<Option<Template>> {
        dispatch!(self.template(tenant, org, kind, medium))
    }

    /// For each kind of message and medium an organisation has worded or changed back: whether
    /// it has its own wording now, and when it last changed.
    pub async fn own_wordings(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<OwnWording>> {
        let own = dispatch!(self.own_templates(tenant, org))?;
        let changes = dispatch!(self.settings_last_changed_under(tenant, org, SETTING))?;
        let mut out: Vec<OwnWording> = own
            .into_iter()
            .map(|(kind, medium, updated_at)| {
                let changed = changes.iter().find(|(s, _)| *s == setting(&kind, medium)).map(|(_, at)| *at);
                OwnWording {
                    kind,
                    medium,
                    own: true,
                    changed_at: Some(changed.map_or(updated_at, |c| c.max(updated_at))),
                }
            })
            .collect();
        for (name, at) in changes {
            let Some((kind, medium)) = name.strip_prefix(SETTING).and_then(|s| s.split_once(':')) else { continue };
            let Some(medium) = Medium::parse(medium) else { continue };
            if !out.iter().any(|w| w.kind == kind && w.medium == medium) {
                out.push(OwnWording { kind: kind.into(), medium, own: false, changed_at: Some(at) });
            }
        }
        Ok(out)
    }

    /// Set an organisation's own wording for a kind of message (the caller has checked it with
    /// `message::check_template`), keeping what changed and `by` whom. False, and nothing
    /// kept, when nothing changed: the same wording again, or the standard wording as it is
    /// where the organisation had none (it keeps following the standard one).
    #[allow(clippy::too_many_arguments)]
    pub async fn set_template(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        kind: &MessageKind,
        medium: Medium,
        t: &Template,
        by: &str,
        at: Timestamp,
    ) -> Result<bool> {
        let before = self.template(tenant, org, kind.kind, medium).await?;
        let Some(summary) = describe_change(kind, medium, before.as_ref(), Some(t)) else { return Ok(false) };
        let setting = setting(kind.kind, medium);
        let name = kind.kind;
        dispatch!(self.set_template(tenant, org, name, medium, t, &setting, &summary, by, at))?;
        Ok(true)
    }

    /// Go back to the standard wording of a kind of message, keeping that it did and `by` whom;
    /// false if the organisation had no wording of its own.
    pub async fn reset_template(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        kind: &MessageKind,
        medium: Medium,
        by: &str,
        at: Timestamp,
    ) -> Result<bool> {
        let own = Template { subject: String::new(), body: String::new() };
        let summary = describe_change(kind, medium, Some(&own), None).unwrap_or_default();
        let setting = setting(kind.kind, medium);
        let name = kind.kind;
        dispatch!(self.remove_template(tenant, org, name, medium, &setting, &summary, by, at))
    }

    /// Who changed the wording of a kind of message by a medium, and how, newest first.
    pub async fn template_changes(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        kind: &str,
        medium: Medium,
    ) -> Result<Vec<SettingChange>> {
        let setting = setting(kind, medium);
        dispatch!(self.settings_changes(tenant, org, &setting, CHANGES_SHOWN))
    }

    /// Who changed the wording of the organisation's messages, and how, newest first.
    pub async fn message_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SettingChange>> {
        dispatch!(self.settings_changes_under(tenant, org, SETTING, CHANGES_SHOWN))
    }
}
