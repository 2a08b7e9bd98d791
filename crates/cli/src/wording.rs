//! `asbcase notify show|set` (how an organisation's messages are delivered) and
//! `asbcase template show|preview|set` (how they are worded).
use crate::args::{NotifySetArgs, TemplateArgs};
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use crate::standards::{command_line_user, organisation_named};
use asbcase_domain::message::{self, Medium, MessageKind, Template};
use asbcase_notify::{NotifySettings, Provider, SmtpSettings};
use asbcase_store::NotificationSettings;
use std::path::Path;
use std::process::ExitCode;

pub async fn show_delivery(settings: &Settings, organisation: &str) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let org = organisation_named(&store, organisation).await?;
    let stored = store.notification_settings(org.tenant, org.id).await?;
    store.close().await;
    match stored {
        None => println!("{}: the deployment's default (SMTP for email if configured, else files)", org.name),
        Some(s) => println!("{}: {} {}", org.name, s.provider, s.settings),
    }
    Ok(ExitCode::SUCCESS)
}

fn env_name(name: Option<String>, flag: &str) -> Result<String, CliError> {
    let n = name.ok_or_else(|| CliError::usage(format!("give {flag} NAME: the environment variable holding it")))?;
    if n.is_empty() || !n.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
        return Err(CliError::usage(format!("{flag} must be an environment variable name like ASBCASE_NOTIFY_KEY")));
    }
    Ok(n)
}

fn template_id(id: Option<String>, flag: &str) -> Result<Option<String>, CliError> {
    match id {
        Some(id) if uuid::Uuid::parse_str(id.trim()).is_err() => {
            Err(CliError::usage(format!("{flag} '{id}' is not a Notify template id (a UUID)")))
        }
        other => Ok(other.map(|s| s.trim().to_string())),
    }
}

pub async fn set_delivery(settings: &Settings, a: NotifySetArgs) -> Result<ExitCode, CliError> {
    let provider = match a.provider.as_str() {
        "file" => Provider::Files,
        "smtp" => {
            let from = a.mail_from.ok_or_else(|| CliError::usage("give --mail-from, the sender of the emails"))?;
            Provider::Smtp(SmtpSettings { url_env: env_name(a.smtp_url_env, "--smtp-url-env")?, from })
        }
        "notify" => {
            let base_url = a.base_url.unwrap_or_else(|| asbcase_notify::gov_notify::LIVE_URL.into());
            let local = base_url.starts_with("http://127.0.0.1") || base_url.starts_with("http://localhost");
            if !(base_url.starts_with("https://") || local) {
                return Err(CliError::usage(format!("--base-url '{base_url}' must be an https:// address")));
            }
            let s = NotifySettings {
                api_key_env: env_name(a.api_key_env, "--api-key-env")?,
                base_url,
                email_template: template_id(a.email_template, "--email-template")?,
                sms_template: template_id(a.sms_template, "--sms-template")?,
                letter_template: template_id(a.letter_template, "--letter-template")?,
            };
            if s.email_template.is_none() && s.sms_template.is_none() && s.letter_template.is_none() {
                return Err(CliError::usage(
                    "give at least one of --email-template, --sms-template, --letter-template",
                ));
            }
            Provider::Notify(s)
        }
        other => return Err(CliError::usage(format!("--provider '{other}' is not one of file, smtp, notify"))),
    };
    let store = open(&settings.database_url).await?;
    let org = organisation_named(&store, &a.organisation).await?;
    store
        .set_notification_settings(&NotificationSettings {
            tenant: org.tenant,
            organisation: org.id,
            provider: provider.name().into(),
            settings: provider.settings_json(),
            updated_at: asbcase_domain::time::now(),
        })
        .await?;
    store.close().await;
    println!("{}'s messages now go by {}.", org.name, provider.name());
    let secret = match &provider {
        Provider::Notify(s) => Some(&s.api_key_env),
        Provider::Smtp(s) => Some(&s.url_env),
        Provider::Files => None,
    };
    if let Some(name) = secret
        && asbcase_notify::gov_notify::secret_from_env(name).is_err()
    {
        println!("Note: {name} (or {name}_FILE) is not set here; set it where the server runs, or messages will wait.");
    }
    Ok(ExitCode::SUCCESS)
}

fn which(a: &TemplateArgs) -> Result<(&'static MessageKind, Medium), CliError> {
    let names: Vec<_> = message::KINDS.iter().map(|k| k.kind).collect();
    let kind = message::kind(&a.kind)
        .ok_or_else(|| CliError::usage(format!("--kind '{}' is not one of {}", a.kind, names.join(", "))))?;
    let medium = Medium::parse(&a.medium)
        .ok_or_else(|| CliError::usage(format!("--medium '{}' is not one of email, sms, letter", a.medium)))?;
    Ok((kind, medium))
}

pub async fn show(settings: &Settings, a: &TemplateArgs, preview: bool) -> Result<ExitCode, CliError> {
    let (kind, medium) = which(a)?;
    let store = open(&settings.database_url).await?;
    let org = organisation_named(&store, &a.organisation).await?;
    let own = store.template(org.tenant, org.id, kind.kind, medium).await?;
    store.close().await;
    let whose = if own.is_some() { "its own wording" } else { "the default wording" };
    let t = own.unwrap_or_else(|| (kind.default)(medium));
    let (subject, body) = if preview {
        message::check_template(kind, medium, &t)
            .map_err(|e| CliError::new(format!("the stored wording does not render: {e}")))?
    } else {
        (t.subject, t.body)
    };
    println!("# {}: {} by {}, {whose}", org.name, kind.label, medium.as_str());
    if !preview {
        println!(
            "# placeholders: {}",
            kind.placeholders.iter().map(|p| format!("(({p}))")).collect::<Vec<_>>().join(" ")
        );
    }
    if medium != Medium::Sms {
        println!("Subject: {subject}\n");
    }
    println!("{body}");
    Ok(ExitCode::SUCCESS)
}

/// "Subject: …", a blank line, the body; a text message is all body.
fn read(text: &str, medium: Medium) -> Template {
    let text = text.replace("\r\n", "\n");
    if medium != Medium::Sms
        && let Some(rest) = text.strip_prefix("Subject:")
    {
        let (subject, body) = rest.split_once('\n').unwrap_or((rest, ""));
        return Template { subject: subject.trim().into(), body: body.trim().into() };
    }
    Template { subject: String::new(), body: text.trim().into() }
}

pub async fn set(settings: &Settings, a: &TemplateArgs, file: &Path) -> Result<ExitCode, CliError> {
    let (kind, medium) = which(a)?;
    let text =
        std::fs::read_to_string(file).map_err(|e| CliError::usage(format!("cannot read {}: {e}", file.display())))?;
    let t = read(&text, medium);
    let (subject, body) =
        message::check_template(kind, medium, &t).map_err(|e| CliError::usage(format!("{}: {e}", file.display())))?;
    let store = open(&settings.database_url).await?;
    let org = organisation_named(&store, &a.organisation).await?;
    let changed = store
        .set_template(org.tenant, org.id, kind, medium, &t, &command_line_user(), asbcase_domain::time::now())
        .await?;
    store.close().await;
    let now = if changed { "now" } else { "already" };
    println!(
        "{}'s {} by {} is {now} worded as below (with example values):\n",
        org.name,
        kind.label.to_lowercase(),
        medium.as_str()
    );
    if medium != Medium::Sms {
        println!("Subject: {subject}\n");
    }
    println!("{body}");
    Ok(ExitCode::SUCCESS)
}

pub async fn reset(settings: &Settings, a: &TemplateArgs) -> Result<ExitCode, CliError> {
    let (kind, medium) = which(a)?;
    let store = open(&settings.database_url).await?;
    let org = organisation_named(&store, &a.organisation).await?;
    let removed = store
        .reset_template(org.tenant, org.id, kind, medium, &command_line_user(), asbcase_domain::time::now())
        .await?;
    store.close().await;
    let what = format!("{}'s {} by {}", org.name, kind.label.to_lowercase(), medium.as_str());
    if removed {
        println!("{what} is back to the standard wording.");
    } else {
        println!("{what} already has the standard wording.");
    }
    Ok(ExitCode::SUCCESS)
}
