// The migrations are embedded by `sqlx::migrate!`; rebuild when one is added or changed, or an
// incremental build would serve a binary without the newest migration.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
