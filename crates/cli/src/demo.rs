//! `asbcase demo`: a fresh database full of fictional cases, served at once.
use crate::args::{DemoArgs, Global};
use crate::config::{FileConfig, resolve};
use crate::error::CliError;
use crate::serve::{bind, open, serve_until_stopped};
use asbcase_demo::{DemoOptions, generate};
use asbcase_store::{backend_of, redact};
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;
use std::time::Instant;

/// The password of every demo sign-in. Demo databases are for trying the product on your
/// own machine; never load demo data into a live service.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

pub async fn run(global: &Global, file: &FileConfig, a: DemoArgs) -> Result<ExitCode, CliError> {
    // Only a database named on the command line or in the environment is used: never the
    // default file or the one in asbcase.toml, which may be a live service's.
    let (url, fresh_dir) = match &global.database_url {
        Some(url) => (url.clone(), None),
        None => {
            let dir = std::env::temp_dir().join(format!("asbcase-demo-{}", hex::encode(rand::random::<[u8; 4]>())));
            std::fs::create_dir_all(&dir).map_err(|e| {
                CliError::new(format!("cannot create a directory for the demo database at {}: {e}", dir.display()))
            })?;
            (format!("sqlite://{}", dir.join("demo.db").display()), Some(dir))
        }
    };
    let global = Global { database_url: Some(url.clone()), ..global.clone() };
    let mut settings = resolve(&global, file, Some(&a.serve))?;
    // A throwaway demo keeps its messages beside its database unless told otherwise.
    if let (Some(dir), None) = (&fresh_dir, &a.serve.outbox_dir) {
        settings.outbox_dir = dir.join("outbox");
    }
    // Bind first, so a port in use is found before any work is done.
    let listener = if a.no_serve { None } else { Some(bind(&settings.addr).await?) };

    // Look before migrating: a database that is not asbcase's is never touched without --force.
    let probe = asbcase_store::Store::connect(&url).await?;
    let tables = probe.table_names().await?;
    probe.close().await;
    if !tables.is_empty() && !tables.iter().any(|t| t == "tenants") && !a.force {
        return Err(CliError::usage(format!(
            "the database {} already holds other tables ({}): use --force to replace them with demo data, or leave out --database-url",
            redact(&url),
            tables.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let mut store = if tables.is_empty() || tables.iter().any(|t| t == "tenants") {
        open(&url).await?
    } else {
        wipe(asbcase_store::Store::connect(&url).await?, &url).await?
    };
    if store.has_data().await? {
        if !a.force {
            return Err(CliError::usage(format!(
                "the database {} already holds data: use --force to replace it with demo data, or leave out --database-url",
                redact(&url)
            )));
        }
        store = wipe(store, &url).await?;
    }

    let started = Instant::now();
    let bar = ProgressBar::new(u64::from(a.cases));
    bar.set_style(
        ProgressStyle::with_template("Building demo cases {bar:40} {pos}/{len} ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let opts = DemoOptions {
        seed: a.seed,
        cases: a.cases,
        years: a.years,
        now: jiff::Timestamp::now(),
        password: DEMO_PASSWORD.into(),
    };
    let summary = generate(&store, &opts, &mut |done, _total| bar.set_position(u64::from(done)))
        .await
        .map_err(|e| CliError::new(format!("could not build the demo data: {e}")))?;
    bar.finish_and_clear();
    crate::search::refresh_statistics(&store, asbcase_store::Written::Cases).await;
    let took = started.elapsed();

    println!();
    println!("Demo database: {}", redact(&url));
    if fresh_dir.is_some() {
        println!("  (a new file in a temporary directory; give --database-url to keep one elsewhere)");
    }
    println!(
        "  {} cases and {} events of a fictional partnership, built in {:.1} s (seed {}).",
        summary.cases,
        summary.events,
        took.as_secs_f64(),
        a.seed
    );
    println!();
    println!("Sign in with the password {DEMO_PASSWORD} as:");
    let width = summary.logins.iter().map(|l| l.role.label().len()).max().unwrap_or(0);
    for l in &summary.logins {
        println!("  {:width$}  {}  ({}, {})", l.role.label(), l.email, l.name, l.organisation);
    }
    println!();
    if let Some((reference, contact)) = tracker_example(&store, &summary).await? {
        println!("A complainant's case tracker: /track, with reference {reference} and {contact}");
        println!("  (the link arrives in the messages folder named below).");
        println!();
    }
    if let Some(council) = summary.logins.first().map(|l| l.organisation.clone()) {
        let (_, secret) = crate::open311::make_key(&store, "FixMyStreet (demo)", &council).await?;
        println!("Open311 (GeoReport v2) is at /open311/v2/discovery.xml; a partner key for trying it:");
        println!("  api_key={secret}");
        println!();
    }
    match listener {
        None => {
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Some(listener) => {
            let addr = listener.local_addr().map_err(|e| CliError::new(e.to_string()))?;
            println!(
                "Messages to residents, and reminders to officers, are written to {}/",
                settings.outbox_dir.display()
            );
            println!("asbcase is running at http://{addr}/");
            println!("Press Ctrl-C to stop.");
            serve_until_stopped(listener, store, &settings).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Empty a database for `--force`, returning a store on the empty, migrated database.
async fn wipe(store: asbcase_store::Store, url: &str) -> Result<asbcase_store::Store, CliError> {
    store.close().await;
    if backend_of(url)? == "sqlite" {
        let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or(path);
        for suffix in ["", "-wal", "-shm"] {
            match std::fs::remove_file(format!("{path}{suffix}")) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(CliError::new(format!("cannot replace {path}{suffix}: {e}"))),
            }
        }
        open(url).await
    } else {
        let store = asbcase_store::Store::connect(url).await?;
        store.wipe_postgres_schema().await?;
        open(url).await
    }
}

/// An open case of the first case officer whose complainant gave an email address or phone
/// number: what to type on the tracker page to try it.
async fn tracker_example(
    store: &asbcase_store::Store,
    summary: &asbcase_demo::DemoSummary,
) -> Result<Option<(String, String)>, CliError> {
    // The first sign-in's open cases first; a small demo may leave them none, so then anyone's.
    for login in &summary.logins {
        let Some(officer) = store.user_by_email(&login.email).await? else { continue };
        if let Some(found) = tracked_case_of(store, &officer).await? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// An open case of this officer's with a complainant who can be sent a tracker link.
async fn tracked_case_of(
    store: &asbcase_store::Store,
    officer: &asbcase_store::User,
) -> Result<Option<(String, String)>, CliError> {
    for case in store.cases_of_officer(officer.tenant, officer.id).await? {
        let people = store.people(case.tenant, case.id).await?;
        let complainants = case.parties.iter().filter(|p| p.role == asbcase_domain::party::PartyRole::Complainant);
        for person in complainants.filter_map(|p| p.person).filter_map(|id| people.iter().find(|x| x.id == id)) {
            if let Some(email) = &person.email {
                return Ok(Some((case.reference.to_string(), email.clone())));
            }
            if let Some(phone) = &person.phone {
                return Ok(Some((case.reference.to_string(), phone.clone())));
            }
        }
    }
    Ok(None)
}
