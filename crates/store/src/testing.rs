//! Scratch databases for tests: one fresh database per test, on either backend, dropped
//! afterwards even when the test panics.
//!
//! PostgreSQL is found at `ASBCASE_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/`).
use crate::{Store, create_scratch_database, drop_scratch_database};

pub const POSTGRES_URL_VAR: &str = "ASBCASE_TEST_POSTGRES_URL";
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/";

pub fn postgres_base() -> String {
    std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_string())
}

/// A fresh, migrated database. Dropped with the value.
pub struct ScratchDb {
    pub url: String,
    pub store: Store,
    base: String,
}

impl ScratchDb {
    pub async fn new(backend: &str) -> ScratchDb {
        let base = match backend {
            "sqlite" => std::env::temp_dir().display().to_string(),
            _ => postgres_base(),
        };
        let url = create_scratch_database(backend, &base).await.unwrap_or_else(|e| {
            panic!("cannot create a {backend} test database (set {POSTGRES_URL_VAR} to a server that answers): {e}")
        });
        let store = Store::connect(&url).await.expect("scratch database opens");
        store.migrate().await.expect("migrations run on a fresh database");
        ScratchDb { url, store, base }
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        let (base, url, store) = (self.base.clone(), self.url.clone(), self.store.clone());
        // Drop runs inside the test's runtime; do the async clean-up on a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
            if let Ok(rt) = rt {
                rt.block_on(async {
                    store.close().await;
                    if let Err(e) = drop_scratch_database(&base, &url).await {
                        eprintln!("could not drop test database {url}: {e}");
                    }
                });
            }
        })
        .join();
    }
}

/// Run one test body against SQLite and against PostgreSQL:
/// `both_backends!(name, |db| async move { ... })` makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, |$db:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $db = $crate::testing::ScratchDb::new("sqlite").await;
                $body.await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let $db = $crate::testing::ScratchDb::new("postgres").await;
                $body.await
            }
        }
    };
}
