//! The public information pages' text, as an administrator may type it: checking and showing
//! it never panics, and whatever is shown carries no markup of the typist's own (no tag but
//! the ones the writer makes, no script link).
#![no_main]
use asbcase_domain::information::{Names, check, render};
use libfuzzer_sys::fuzz_target;

const OURS: [&str; 16] = [
    "<p ", "</p>", "<h2 ", "</h2>", "<h3 ", "</h3>", "<ul ", "</ul>", "<ol ", "</ol>", "<li>", "</li>", "<a ", "</a>",
    "<div ", "</div>",
];
const INLINE: [&str; 7] = ["<strong>", "</strong>", "<em>", "</em>", "<pre ", "</pre>", "<br>"];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let names = Names { organisation: "Smith & <Sons>", partnership: "P" };
    let _ = check("Title", &text);
    let html = render(&text, &names);
    assert!(!html.to_ascii_lowercase().contains("href=\"javascript:"), "{html}");
    // Every '<' opens one of the writer's own tags (or <hr class=...>).
    let mut rest = html.as_str();
    while let Some(at) = rest.find('<') {
        let tail = &rest[at..];
        assert!(
            OURS.iter().chain(INLINE.iter()).any(|t| tail.starts_with(t)) || tail.starts_with("<hr "),
            "a tag the writer did not make: {}",
            tail.chars().take(40).collect::<String>()
        );
        rest = &rest[at + 1..];
    }
});
