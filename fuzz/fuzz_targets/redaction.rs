//! Hiding people in free text (subject access bundles, erasure): any names, any text, in any
//! script. Nothing may panic, and what comes out never holds a whole name that went in.
#![no_main]
use asbcase_domain::PersonId;
use asbcase_domain::event::Change;
use asbcase_domain::party::Person;
use asbcase_domain::privacy::Scrubber;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let Some(name) = lines.next() else { return };
    let rest: String = lines.collect::<Vec<_>>().join("\n");
    let person = Person {
        id: PersonId::new(),
        name: name.to_string(),
        address: None,
        phone: Some(name.to_string()),
        email: None,
    };
    let scrubber = Scrubber::new(std::slice::from_ref(&person));
    let out = scrubber.scrub(&rest);
    let lower_name = name.trim().to_lowercase();
    // Checked where the name is letters and spaces and both it and the text lower-case letter
    // for letter (the check compares lower-cased strings; the scrubber itself maps each
    // character back, so "İldaz" is one word to it, but "i̇ldaz" with a separate dot to this).
    // ("removed" itself is what replaces a name.)
    // A name of fewer than three letters is not looked for (the scrubber's rule: "E H" would
    // take every "e h" with it), so it is not checked here either.
    if lower_name.chars().filter(|c| c.is_alphanumeric()).count() >= 3
        && !"[removed]".contains(lower_name.as_str())
        && lower_name.chars().all(|c| c.is_alphabetic() || c == ' ')
        && name.chars().chain(out.chars()).all(|c| c.to_lowercase().count() == 1)
    {
        let out_lower = out.to_lowercase();
        for (i, _) in out_lower.match_indices(&lower_name) {
            let before = out_lower[..i].chars().next_back();
            let after = out_lower[i + lower_name.len()..].chars().next();
            let whole = before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric());
            assert!(!whole, "{name:?} survived in {out:?}");
        }
    }
    let note = Change::NoteAdded { text: rest };
    let _ = note.map_text(&|t| scrubber.scrub(t)).anonymised().outline();
});
