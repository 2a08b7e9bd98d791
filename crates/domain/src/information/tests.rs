use super::*;
use proptest::prelude::*;

const NAMES: Names = Names { organisation: "Ashford Vale District Council", partnership: "Ashford Vale CSP" };

#[test]
fn every_default_page_passes_its_own_check_and_has_an_address_of_its_own() {
    for topic in Topic::ALL {
        assert!(check(topic.default_title(), topic.default_body()).is_ok(), "{topic:?}");
        assert_eq!(Topic::parse(topic.slug()), Some(topic));
    }
    assert_eq!(Topic::parse("nonsense"), None);
}

#[test]
fn a_text_is_shown_with_the_design_systems_styles_and_the_names_filled_in() {
    let html = render(
        "## Who we are\n\nWe are **((organisation))**.\n\n- one\n- two\n\n1. first\n\n[Report it](/report) or [email us](mailto:asb@example.org)",
        &NAMES,
    );
    assert!(html.contains("<h2 class=\"govuk-heading-m\">Who we are</h2>"), "{html}");
    assert!(
        html.contains("<p class=\"govuk-body\">We are <strong>Ashford Vale District Council</strong>.</p>"),
        "{html}"
    );
    assert!(html.contains("<ul class=\"govuk-list govuk-list--bullet\"><li>one</li>"), "{html}");
    assert!(html.contains("<ol class=\"govuk-list govuk-list--number\">"), "{html}");
    assert!(html.contains("<a class=\"govuk-link\" href=\"/report\">Report it</a>"), "{html}");
    assert!(html.contains("<a class=\"govuk-link\" href=\"mailto:asb@example.org\">email us</a>"), "{html}");
}

#[test]
fn an_email_address_in_angle_brackets_a_numbered_list_from_three_and_a_named_title_are_kept() {
    let html = render("Write to <asb@example.org>.\n\n3. third\n4. fourth", &NAMES);
    assert!(html.contains("<a class=\"govuk-link\" href=\"mailto:asb@example.org\">asb@example.org</a>"), "{html}");
    assert!(html.contains("<ol class=\"govuk-list govuk-list--number\" start=\"3\">"), "{html}");
    assert!(check("Write to <asb@example.org>", "Write to <asb@example.org>.").is_ok());
    let problems = check("About ((organistion))", "Text").unwrap_err();
    assert_eq!(problems[0].field, "title");
    assert!(problems[0].message.contains("'((organistion))' is not a name"));
    assert!(check("Title", "[x](/\\evil.example)").is_err(), "a browser reads /\\ as //");
}

#[test]
fn a_top_level_heading_becomes_a_second_level_one_under_the_pages_own_title() {
    assert!(render("# Big", &NAMES).contains("<h2 class=\"govuk-heading-m\">Big</h2>"));
    assert!(render("### Small", &NAMES).contains("<h3 class=\"govuk-heading-s\">Small</h3>"));
}

#[test]
fn html_pictures_odd_links_and_unknown_names_are_refused_with_a_reason() {
    for (body, says) in [
        ("Hello <script>alert(1)</script>", "has HTML in it"),
        ("<div>block</div>", "has HTML in it"),
        ("![a photo](https://example.org/a.jpg)", "Pictures cannot be put in the text"),
        ("[click](javascript:alert(1))", "The link to 'javascript:alert(1)' cannot be used"),
        ("[click](//evil.example)", "cannot be used"),
        ("[click](https://)", "cannot be used"),
        ("Contact ((team_phone)) today", "'((team_phone))' is not a name the page can fill in"),
    ] {
        let problems = check("A title", body).expect_err(body);
        assert_eq!(problems.len(), 1, "{body}");
        assert_eq!(problems[0].field, "body");
        assert!(problems[0].message.contains(says), "{body}: {}", problems[0].message);
    }
}

#[test]
fn a_missing_or_overlong_title_or_text_is_named() {
    let problems = check("  ", "").unwrap_err();
    assert_eq!(
        problems.iter().map(|p| (p.field, p.message.as_str())).collect::<Vec<_>>(),
        vec![("title", "Enter the page's title"), ("body", "Enter the page's text")]
    );
    let long_title = "x".repeat(MAX_TITLE + 1);
    assert!(check(&long_title, "text").unwrap_err()[0].message.contains("at most 120 characters"));
    let long_body = "x".repeat(MAX_BODY + 1);
    assert!(check("Title", &long_body).unwrap_err()[0].message.contains("at most 20000 characters"));
}

#[test]
fn text_that_looks_like_markup_is_shown_as_written() {
    // Names come from the settings and may hold characters HTML treats specially.
    let names = Names { organisation: "Smith & Sons <Homes>", partnership: "P" };
    let html = render("By ((organisation)): 5 < 6 \"quoted\"", &names);
    assert!(html.contains("By Smith &amp; Sons &lt;Homes&gt;: 5 &lt; 6 &quot;quoted&quot;"), "{html}");
}

#[test]
fn windows_line_endings_and_surrounding_space_are_tidied_when_saved() {
    let text = check("  Title  ", "\r\nOne\r\n\r\nTwo\r\n").unwrap();
    assert_eq!(text, PageText { title: "Title".into(), body: "One\n\nTwo".into() });
}

proptest! {
    /// Whatever is typed, the page never carries markup of the typist's own.
    #[test]
    fn nothing_typed_becomes_a_script_or_a_javascript_link(body in ".{0,200}", tag in "(script|img|iframe|a href=\"javascript:x\")") {
        let html = render(&format!("{body}<{tag}>{body}"), &NAMES);
        let opened = format!("<{tag}");
        prop_assert!(!html.contains(&opened));
        prop_assert!(!html.contains("href=\"javascript:"));
    }
}
