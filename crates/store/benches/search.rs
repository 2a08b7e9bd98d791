//! The staff search on a large database (issue 11): what one search costs a council case
//! officer and a partner (police) officer, for each kind of thing typed in the search box.
//!
//! The databases are built and indexed by `benches/search.sh` (the demo generator, then
//! `asbcase search index`), and named here by `ASBCASE_BENCH_SQLITE_URL` and
//! `ASBCASE_BENCH_POSTGRES_URL` (either may be left out).
//!
//! Each figure is every store call `/search` makes for that text (crates/web/src/search.rs),
//! except writing the access-log record, measured on its own ("access record"): a case
//! reference is one read of the case and a look at who may see it; anything else is the
//! index queue's length, the search (at most 51 cases, as the page asks), the category names,
//! and the queue's length again. Rendering the page is not included.
//!
//! What is searched for is taken from the dataset when the benchmark starts: a case the officer
//! may see (the council's own; for the police, one shared with them in summary), its
//! reference, a person on it, its postcode and street, and words of its description; the
//! word most cases have is found in the index. Each search and how many cases it finds are
//! printed first.
use asbcase_domain::audit::AccessKind;
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::search::Query;
use asbcase_domain::{OrganisationId, TenantId, UserId};
use asbcase_store::Store;
use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use sqlx::Row as _;
use std::time::Duration;

/// As many cases as the search page asks for: it shows 50 and says whether there are more.
const PAGE: i64 = 51;

/// A plain connection, to choose what to search for.
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// One row of `sql` (binding `$1` the tenant and `$2` the organisation) as strings; SQL NULL
/// is an empty string.
async fn row(raw: &Raw, sql: &str, tenant: TenantId, org: OrganisationId) -> Vec<String> {
    macro_rules! fetch {
        ($pool:expr) => {{
            let r = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                .bind(tenant.0)
                .bind(org.0)
                .fetch_one($pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            (0..r.len()).map(|i| r.try_get::<Option<String>, _>(i).unwrap().unwrap_or_default()).collect()
        }};
    }
    match raw {
        Raw::Sqlite(pool) => fetch!(pool),
        Raw::Postgres(pool) => fetch!(pool),
    }
}

/// A case `org` may see (`shared`: one shared with it), with a person who has a phone and an
/// email address if one has: (reference, description, address, postcode, name, phone, email).
async fn sample_case(raw: &Raw, tenant: TenantId, org: OrganisationId, shared: bool) -> Vec<String> {
    let whose = if shared {
        "c.id IN (SELECT case_id FROM case_shares WHERE tenant_id = $1 AND organisation_id = $2)"
    } else {
        "c.organisation_id = $2"
    };
    // A partner sees few cases (four in the demo's 200,000): one whose person has no phone
    // number or email address is taken if need be, and one that no case has (outside the demo's
    // numbers, 07700 900000 to 900999) is searched for.
    let sql = format!(
        "SELECT c.reference, c.description, c.address, c.postcode, p.name,
                COALESCE(p.phone, '07700 800000'), COALESCE(p.email, 'nobody@mail.example')
         FROM cases c
         JOIN case_parties cp ON cp.tenant_id = c.tenant_id AND cp.case_id = c.id
         JOIN people p ON p.tenant_id = cp.tenant_id AND p.id = cp.person_id
         WHERE c.tenant_id = $1 AND {whose} AND c.anonymised_at IS NULL AND p.erased_at IS NULL
           AND c.postcode IS NOT NULL
         ORDER BY p.phone IS NULL OR p.email IS NULL, c.id LIMIT 1"
    );
    row(raw, &sql, tenant, org).await
}

/// The words of the index that most documents have, most first, and how many have them
/// (SQLite: read from FTS5's vocabulary; PostgreSQL: from the first 50,000 documents).
async fn common_words(raw: &Raw) -> Vec<(String, i64)> {
    let pick = |rows: Vec<(String, i64)>| -> Vec<(String, i64)> {
        rows.into_iter().filter(|(t, _)| !t.starts_with("qq") && t.chars().all(|c| c.is_ascii_lowercase())).collect()
    };
    match raw {
        Raw::Sqlite(pool) => {
            let mut conn = pool.acquire().await.unwrap();
            sqlx::query("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, search_terms, row)")
                .execute(&mut *conn)
                .await
                .unwrap();
            let rows = sqlx::query_as("SELECT term, doc FROM temp.vocab ORDER BY doc DESC LIMIT 200")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            pick(rows)
        }
        Raw::Postgres(pool) => {
            let rows: Vec<(String, i32)> = sqlx::query_as(
                "SELECT word, ndoc FROM ts_stat('SELECT terms FROM search_documents LIMIT 50000')
                 ORDER BY ndoc DESC LIMIT 200",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            pick(rows.into_iter().map(|(w, n)| (w, i64::from(n))).collect())
        }
    }
}

/// How many documents have `term` (SQLite only: FTS5's vocabulary answers at once).
async fn documents_with(raw: &Raw, term: &str) -> Option<i64> {
    let Raw::Sqlite(pool) = raw else { return None };
    let mut conn = pool.acquire().await.unwrap();
    sqlx::query("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, search_terms, row)")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query_scalar("SELECT doc FROM temp.vocab WHERE term = $1")
        .bind(term)
        .fetch_optional(&mut *conn)
        .await
        .unwrap()
}

/// The description's word that the fewest documents have (on PostgreSQL, its longest word).
async fn rare_word(raw: &Raw, description: &str) -> String {
    let mut words: Vec<String> =
        description.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() >= 4).map(str::to_lowercase).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut best = (i64::MAX, words.first().cloned().expect("a description with words"));
    for w in words {
        if let Some(n) = documents_with(raw, &w).await.filter(|n| *n < best.0) {
            best = (n, w);
        }
    }
    best.1
}

/// The searches of one officer, as typed: (what it is, the text).
fn searches(case: &[String], rare: String, common: &str) -> Vec<(&'static str, String)> {
    let [reference, description, address, postcode, name, phone, email] = case else { panic!("seven columns") };
    let words: Vec<&str> = description.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() >= 5).collect();
    // Two of the description's words, for a phrase.
    let two = words.iter().rev().take(2).rev().copied().collect::<Vec<_>>().join(" ").to_lowercase();
    // The street: the part of the address before its first comma, without a house number.
    let street: String = address
        .split(',')
        .find(|part| part.chars().any(char::is_alphabetic) && !part.contains("Flat"))
        .unwrap_or(address)
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ");
    vec![
        ("exact reference", reference.clone()),
        ("full name", name.clone()),
        ("misspelt, reordered name", misspell(name)),
        ("postcode", postcode.clone()),
        ("street", street),
        ("phone number", phone.clone()),
        ("email", email.clone()),
        ("rare word of the description", rare),
        ("word most cases have", common.to_string()),
        ("two words of the description", two),
    ]
}

/// "Kemi Adeyemi" as "Adayemi Kemi": the surname first, and a vowel after its first letter
/// changed (which its sound-alike key ignores).
fn misspell(name: &str) -> String {
    let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    let last = words.pop().unwrap_or_default();
    let mut changed = false;
    let surname: String = last
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i > 0 && !changed && "aeiou".contains(c) {
                changed = true;
                if c == 'a' { 'e' } else { 'a' }
            } else {
                c
            }
        })
        .collect();
    std::iter::once(surname).chain(words).collect::<Vec<_>>().join(" ")
}

/// One officer of the dataset.
struct Officer {
    label: &'static str,
    tenant: TenantId,
    user: UserId,
    org: OrganisationId,
}

/// Every store call `/search` makes for `text`, but the access record.
async fn search(store: &Store, who: &Officer, text: &str) -> usize {
    match Query::parse(text).expect("a valid search") {
        Query::Reference(reference) => reference_jump(store, who, &reference).await,
        Query::Terms(entries) => {
            let now = Timestamp::now();
            store.search_queue_length(who.tenant).await.expect("queue");
            let found = store.search_cases(who.tenant, who.org, &entries, PAGE, now).await.expect("search");
            store.categories(who.tenant).await.expect("categories");
            store.search_queue_length(who.tenant).await.expect("queue");
            found.hits.len()
        }
    }
}

/// A reference goes straight to the case if the officer may see it.
async fn reference_jump(store: &Store, who: &Officer, reference: &CaseReference) -> usize {
    let Some(case) = store.case_by_reference(who.tenant, reference).await.expect("case") else { return 0 };
    usize::from(case.organisation == who.org || case.casework.share_with(who.org).is_some())
}

async fn officers(store: &Store) -> Vec<Officer> {
    let tenant = store.tenants().await.expect("tenants").into_iter().next().expect("run benches/search.sh first");
    let orgs = store.organisations(tenant.id).await.expect("organisations");
    let mut found = vec![];
    for (label, kind) in [("council", OrganisationKind::Council), ("police", OrganisationKind::Police)] {
        let org = orgs.iter().find(|o| o.kind == kind).expect("the demo's organisations").id;
        let user = store.users_of_organisation(tenant.id, org).await.expect("users").first().expect("staff").id;
        found.push(Officer { label, tenant: tenant.id, user, org });
    }
    found
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("tokio");
    for (backend, var) in [("sqlite", "ASBCASE_BENCH_SQLITE_URL"), ("postgres", "ASBCASE_BENCH_POSTGRES_URL")] {
        let Ok(url) = std::env::var(var) else {
            eprintln!("{var} is not set: skipping {backend} (benches/search.sh builds the databases)");
            continue;
        };
        let (store, officers, common, raw) = rt.block_on(async {
            let store = Store::connect(&url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
            let raw = if backend == "postgres" {
                Raw::Postgres(sqlx::PgPool::connect(&url).await.expect("postgres"))
            } else {
                Raw::Sqlite(sqlx::SqlitePool::connect(&url).await.expect("sqlite"))
            };
            let officers = officers(&store).await;
            let common = common_words(&raw).await;
            (store, officers, common, raw)
        });
        let (word, documents) = common.first().expect("an indexed database: run benches/search.sh").clone();
        eprintln!("{backend}: the word most documents have is {word:?} ({documents} documents)");
        for who in &officers {
            let case = rt.block_on(sample_case(&raw, who.tenant, who.org, who.label == "police"));
            let rare = rt.block_on(rare_word(&raw, &case[1]));
            let searches = searches(&case, rare, &word);
            for (what, text) in &searches {
                let found = rt.block_on(search(&store, who, text));
                let documents = rt.block_on(documents_with(&raw, &text.to_lowercase()));
                let documents = documents.map(|n| format!(" ({n} documents have it)")).unwrap_or_default();
                eprintln!("{backend} {}: {what}: {text:?} finds {found}{documents}", who.label);
            }
            let mut g = c.benchmark_group(format!("search/{backend}/{}", who.label));
            g.sample_size(10).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1));
            for (what, text) in &searches {
                g.bench_function(*what, |b| b.to_async(&rt).iter(|| search(&store, who, text)));
            }
            g.finish();
        }
        let who = &officers[0];
        let mut g = c.benchmark_group(format!("search/{backend}/parts"));
        g.sample_size(10).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1));
        g.bench_function("access record", |b| {
            b.to_async(&rt).iter(|| async {
                let detail = "Searched for \"benchmark\"";
                store
                    .record_access(who.tenant, who.user, AccessKind::SearchCases, None, detail, Timestamp::now())
                    .await
                    .expect("access record")
            })
        });
        g.bench_function("queue length", |b| {
            b.to_async(&rt).iter(|| async { store.search_queue_length(who.tenant).await.expect("queue") })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
