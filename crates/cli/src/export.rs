//! `asbcase export organisation --org ORG --out DIR`: everything an organisation holds, for
//! leaving the product or keeping a copy. DIR gets `json/TABLE.json` and `csv/TABLE.csv` for
//! every table it owns rows of, `files/` with its evidence files, and `manifest.json` saying
//! what is where and what was left out.
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use crate::standards::organisation_named;
use asbcase_domain::time::{fixed, now};
use asbcase_store::{EXPORT_TABLES, Store};
use serde_json::{Value, json};
use std::path::Path;
use std::process::ExitCode;

/// What an export never holds.
pub const LEFT_OUT: &str = "Password hashes, sessions, two-step keys, residents' one-time link tokens, staff invitations and partners' Open311 key hashes are never exported. Reports residents have not sent yet are not included.";

pub async fn organisation(settings: &Settings, org: &str, out: &Path) -> Result<ExitCode, CliError> {
    if out.exists() && std::fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(CliError::usage(format!(
            "{} is not an empty folder: give a new or empty one, so that nothing is mixed up or overwritten",
            out.display()
        )));
    }
    let store = open(&settings.database_url).await?;
    let result = write(&store, org, out).await;
    store.close().await;
    result
}

async fn write(store: &Store, org: &str, out: &Path) -> Result<ExitCode, CliError> {
    let org = organisation_named(store, org).await?;
    let at = now();
    let io = |e: std::io::Error| CliError::new(format!("cannot write to {}: {e}", out.display()));
    for folder in ["json", "csv", "files"] {
        std::fs::create_dir_all(out.join(folder)).map_err(io)?;
    }
    let mut tables = vec![];
    let mut files = 0;
    for t in EXPORT_TABLES {
        let (columns, rows) = store.export_rows(org.tenant, org.id, t).await?;
        let json_text = serde_json::to_string_pretty(&rows).map_err(|e| CliError::new(e.to_string()))?;
        std::fs::write(out.join("json").join(format!("{}.json", t.name)), json_text).map_err(io)?;
        std::fs::write(out.join("csv").join(format!("{}.csv", t.name)), csv(&columns, &rows)?).map_err(io)?;
        if t.name == "evidence" {
            for row in &rows {
                files += evidence_file(store, org.tenant, row, &out.join("files")).await?;
            }
        }
        tables.push(json!({"table": t.name, "rows": rows.len(), "columns": columns, "left_out": t.without}));
    }
    let manifest = json!({
        "organisation": org.name,
        "organisation_id": org.id.0,
        "exported_at": fixed(at),
        "tables": tables,
        "evidence_files": files,
        "left_out": LEFT_OUT,
        "format": "json/TABLE.json: an array of rows, each an object by column. csv/TABLE.csv: the same, one row per line, with stored JSON as text and cells a spreadsheet would read as a formula prefixed with '. files/: each evidence file as ID-NAME.",
    });
    std::fs::write(out.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap_or_default())
        .map_err(io)?;
    let cases = tables.iter().find(|t| t["table"] == "cases").and_then(|t| t["rows"].as_u64()).unwrap_or(0);
    println!(
        "Exported {} to {}: {} tables, {cases} cases, {files} evidence files (manifest.json says what is where). Keep it safe: it holds personal data.",
        org.name,
        out.display(),
        tables.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn csv(columns: &[String], rows: &[Value]) -> Result<Vec<u8>, CliError> {
    let bad = |e: csv::Error| CliError::new(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record(columns).map_err(bad)?;
    for row in rows {
        let cells = columns.iter().map(|c| match row.get(c) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{s}"),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        });
        w.write_record(cells).map_err(bad)?;
    }
    w.into_inner().map_err(|e| CliError::new(format!("cannot write CSV: {e}")))
}

/// Write one evidence file under `dir` as ID-NAME; 0 if its bytes are no longer held.
async fn evidence_file(
    store: &Store,
    tenant: asbcase_domain::TenantId,
    row: &Value,
    dir: &Path,
) -> Result<u32, CliError> {
    let (Some(id), Some(case)) = (row["id"].as_str(), row["case_id"].as_str()) else { return Ok(0) };
    let (Ok(id), Ok(case)) = (uuid::Uuid::parse_str(id), uuid::Uuid::parse_str(case)) else { return Ok(0) };
    let Some((file, bytes)) = store.evidence_content(tenant, asbcase_domain::CaseId(case), id).await? else {
        return Ok(0);
    };
    // The name as the device gave it, kept to safe characters.
    let name: String =
        file.name.chars().map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    std::fs::write(dir.join(format!("{id}-{name}")), bytes)
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", dir.display())))?;
    Ok(1)
}
