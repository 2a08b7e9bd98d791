//! `asbcase serve` and `asbcase migrate`.
use crate::config::Settings;
use crate::error::CliError;
use asbcase_store::{Store, redact};
use asbcase_web::AppState;
use std::process::ExitCode;
use tokio::net::TcpListener;

/// Open the database and bring its schema up to date.
pub async fn open(database_url: &str) -> Result<Store, CliError> {
    let store = Store::connect(database_url).await?;
    store.migrate().await.map_err(|e| CliError::new(format!("database {}: {e}", redact(database_url))))?;
    Ok(store)
}

pub async fn migrate(settings: &Settings) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    store.close().await;
    println!("Database {} is up to date.", redact(&settings.database_url));
    Ok(ExitCode::SUCCESS)
}

pub async fn bind(addr: &str) -> Result<TcpListener, CliError> {
    TcpListener::bind(addr).await.map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::AddrInUse => {
                "the port is already in use (is asbcase already running? choose another with --addr)".to_string()
            }
            std::io::ErrorKind::PermissionDenied => {
                "permission denied (choose a port above 1023 with --addr)".to_string()
            }
            _ => e.to_string(),
        };
        CliError::new(format!("cannot listen on {addr}: {why}"))
    })
}

/// Serve `store` on `listener` until Ctrl-C or SIGTERM.
pub async fn serve_until_stopped(listener: TcpListener, store: Store, settings: &Settings) -> Result<(), CliError> {
    let mut web = settings.web.clone();
    if web.public_url.is_empty() {
        let addr = listener.local_addr().map_err(|e| CliError::new(e.to_string()))?;
        web.public_url = format!("http://{addr}");
        if addr.ip().is_unspecified() {
            println!(
                "Note: links in messages to residents will use {}; set --public-url to the address residents use.",
                web.public_url
            );
        }
    }
    let public_url = web.public_url.clone();
    let state = AppState::new(store.clone(), web).await?;
    // Messages to residents leave the outbox in the background, every few seconds.
    let (stop_delivery, stopped) = tokio::sync::oneshot::channel::<()>();
    let smtp = smtp_channel(settings)?;
    let channel = asbcase_notify::Deployment::new(smtp, asbcase_notify::FileChannel::new(&settings.outbox_dir));
    let delivery = tokio::spawn(asbcase_notify::run(
        store.clone(),
        channel,
        public_url,
        std::time::Duration::from_secs(5),
        async move {
            let _ = stopped.await;
        },
    ));
    // Webhooks to partners' systems, in a loop of their own.
    let (stop_webhooks, webhooks_stopped) = tokio::sync::oneshot::channel::<()>();
    let webhooks =
        tokio::spawn(asbcase_notify::run_webhooks(store.clone(), std::time::Duration::from_secs(5), async move {
            let _ = webhooks_stopped.await;
        }));
    // Personal data past its retention period is anonymised once a day.
    let (stop_retention, retention_stopped) = tokio::sync::oneshot::channel::<()>();
    let retention = tokio::spawn(crate::retention::job(store.clone(), async move {
        let _ = retention_stopped.await;
    }));
    // Cases changed since their search documents were made, a few hundred at a time.
    let (stop_indexing, indexing_stopped) = tokio::sync::oneshot::channel::<()>();
    let indexing = tokio::spawn(index_search(store.clone(), async move {
        let _ = indexing_stopped.await;
    }));
    // The figures dashboards open on, worked out ahead of the first manager to look.
    let (stop_warming, warming_stopped) = tokio::sync::oneshot::channel::<()>();
    let warming = tokio::spawn(warm_figures(store.clone(), async move {
        let _ = warming_stopped.await;
    }));
    let served = asbcase_web::serve(listener, state, shutdown_signal()).await;
    let _ = stop_delivery.send(());
    let _ = stop_retention.send(());
    let _ = stop_webhooks.send(());
    let _ = stop_warming.send(());
    let _ = delivery.await;
    let _ = retention.await;
    let _ = webhooks.await;
    let _ = stop_indexing.send(());
    let _ = indexing.await;
    let _ = warming.await;
    served.map_err(|e| CliError::new(format!("the server stopped: {e}")))?;
    store.close().await;
    Ok(())
}

/// Make the search documents of changed cases until `stop`: straight on while there are
/// more, then every two seconds.
async fn index_search(store: Store, stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        let wait = match store.index_queued(None, 500).await {
            Ok(0) => std::time::Duration::from_secs(2),
            Ok(_) => std::time::Duration::ZERO,
            Err(e) => {
                tracing::warn!(error = %e, "search indexing failed; trying again shortly");
                std::time::Duration::from_secs(30)
            }
        };
        tokio::select! {
            _ = &mut stop => break,
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

/// Work out the figures each partnership's dashboards open on (`asbcase_reports::warm`) soon
/// after starting and then every five minutes, until `stop`: kept figures a save has dropped
/// are worked out again within five minutes, not when a manager next looks.
async fn warm_figures(store: Store, stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    let mut wait = std::time::Duration::from_secs(5);
    loop {
        tokio::select! {
            _ = &mut stop => return,
            _ = tokio::time::sleep(wait) => {}
        }
        wait = std::time::Duration::from_secs(5 * 60);
        let tenants = match store.tenants().await {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(error = %e, "kept figures: reading the partnerships");
                continue;
            }
        };
        for t in tenants {
            let started = std::time::Instant::now();
            // A round can take a while on a large database: stopping does not wait for it.
            let round = asbcase_reports::warm::warm(&store, t.id, asbcase_domain::time::now());
            tokio::select! {
                _ = &mut stop => return,
                done = round => match done {
                    Ok(n) => tracing::debug!(partnership = %t.name, dashboards = n, took = ?started.elapsed(), "kept figures worked out ahead"),
                    Err(e) => tracing::warn!(partnership = %t.name, error = %e, "kept figures: finding the dashboards to work out"),
                },
            }
        }
    }
}

/// The SMTP channel, when configured: checked before anything starts.
pub fn smtp_channel(settings: &Settings) -> Result<Option<asbcase_notify::SmtpChannel>, CliError> {
    match &settings.smtp {
        Some((url, from)) => Ok(Some(asbcase_notify::SmtpChannel::new(url, from).map_err(CliError::usage)?)),
        None => Ok(None),
    }
}

pub async fn run(settings: &Settings) -> Result<ExitCode, CliError> {
    smtp_channel(settings)?;
    let store = open(&settings.database_url).await?;
    let listener = bind(&settings.addr).await?;
    let addr = listener.local_addr().map_err(|e| CliError::new(e.to_string()))?;
    println!("asbcase {} is serving {} at http://{addr}/", env!("CARGO_PKG_VERSION"), redact(&settings.database_url));
    match &settings.smtp {
        Some(_) => println!(
            "Email to residents goes by SMTP; other messages are written to {}/",
            settings.outbox_dir.display()
        ),
        None => println!("Messages to residents are written to {}/", settings.outbox_dir.display()),
    }
    println!("Press Ctrl-C to stop.");
    serve_until_stopped(listener, store, settings).await?;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("Stopping.");
}
