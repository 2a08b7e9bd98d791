use super::*;

#[test]
fn a_full_config_file_is_read_with_every_setting() {
    let file = FileConfig::parse(
        r#"
database_url = "postgres://asbcase@db.internal/asbcase"
addr = "0.0.0.0:8080"
service_name = "Vale Homes ASB"
secure_cookies = true
session_idle_minutes = 30
session_absolute_hours = 12
outbox_dir = "/var/lib/asbcase/outbox"
smtp_url = "smtps://user:pass@mail.example.org:465"
mail_from = "ASB Team <asb@valehomes.example>"
public_url = "https://asb.valehomes.example/"
limit_public_per_hour = 20
limit_sign_in_per_minute = 5
limit_open311_per_minute = 60
trusted_proxies = ["10.0.0.1", "::1"]
import_wait_seconds = 10
"#,
    )
    .unwrap();
    assert_eq!(file.session_idle_minutes, Some(30));
    assert_eq!(file.import_wait_seconds, Some(10));
    assert_eq!(file.trusted_proxies.as_deref().map(<[String]>::len), Some(2));
    assert_eq!(public_url(file.public_url.as_deref().unwrap()).unwrap(), "https://asb.valehomes.example");
}

#[test]
fn an_empty_file_means_every_default() {
    assert_eq!(FileConfig::parse("").unwrap(), FileConfig::default());
    assert_eq!(FileConfig::parse("# nothing yet\n").unwrap(), FileConfig::default());
}

#[test]
fn a_misspelt_key_is_named_not_ignored() {
    let e = FileConfig::parse("addr = \"127.0.0.1:8080\"\nadress = \"oops\"").unwrap_err();
    assert!(e.0.starts_with("line 2: unknown field `adress`"), "{e}");
}

#[test]
fn each_unusable_setting_is_refused_with_its_name() {
    for (text, says) in [
        ("addr = [not toml", "line 1: unclosed array"),
        ("addr = \"8080\"", "addr '8080'"),
        ("addr = \"localhost:99999\"", "addr 'localhost:99999'"),
        ("database_url = \" \"", "database_url must not be empty"),
        ("service_name = \"  \"", "service name must not be empty"),
        ("service_name = \"two\\nlines\"", "one line"),
        ("public_url = \"asb.example.org\"", "public_url 'asb.example.org'"),
        ("public_url = \"https://\"", "public_url"),
        ("session_idle_minutes = 0", "session_idle_minutes must be from 1"),
        ("session_idle_minutes = 600000", "session_idle_minutes must be from 1 to 527040"),
        ("session_absolute_hours = 0", "session_absolute_hours must be from 1"),
        ("limit_public_per_hour = 0", "limit_public_per_hour must be at least 1"),
        ("limit_sign_in_per_minute = 0", "limit_sign_in_per_minute must be at least 1"),
        ("limit_open311_per_minute = -1", "invalid value"),
        ("trusted_proxies = [\"10.0.0.300\"]", "trusted proxy '10.0.0.300'"),
        ("secure_cookies = \"yes\"", "invalid type"),
        ("outbox_dir = \"\"", "outbox_dir must not be empty"),
        ("import_wait_seconds = 61", "import_wait_seconds must be from 0 to 60"),
    ] {
        let e = FileConfig::parse(text).expect_err(text);
        assert!(e.0.contains(says), "{text}: {e}");
        assert!(!e.to_string().contains('\n'), "{text}: one line: {e}");
    }
}

#[test]
fn a_host_name_may_be_listened_on() {
    assert_eq!(listen_address(" localhost:8080 ").unwrap(), "localhost:8080");
    assert_eq!(listen_address("[::1]:8080").unwrap(), "[::1]:8080");
}

#[test]
fn a_missing_file_is_an_error_only_when_named() {
    let dir = std::env::temp_dir().join(format!("asbcase-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let named = dir.join("missing.toml");
    let e = FileConfig::load(Some(&named)).unwrap_err();
    assert!(e.0.starts_with("cannot read config file"), "{e}");
    let bad = dir.join("latin1.toml");
    std::fs::write(&bad, b"service_name = \"caf\xe9\"\n").unwrap();
    let e = FileConfig::load(Some(&bad)).unwrap_err();
    assert!(e.0.contains("not UTF-8"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}
