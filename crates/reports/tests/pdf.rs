//! PDF output through typst: a committee-report-like document renders to a tagged PDF/UA-1
//! file, errors in the source come back as readable errors, nothing is downloaded, and
//! escaped user text cannot break the document.
//!
//! Sizes and times are printed (`cargo test -p asbcase-reports --test pdf -- --nocapture`),
//! never asserted.

use std::time::Instant;

use asbcase_reports::pdf::{PdfError, escape, render};

const PREAMBLE: &str = r#"#set document(title: [Anti-social behaviour: quarterly report to the Community Safety Committee], author: "Community Safety Team")
#set text(lang: "en", region: "gb")
#set page(paper: "a4")
"#;

fn committee_report(body_paragraphs: usize) -> String {
    let mut source = String::from(PREAMBLE);
    source.push_str(
        r#"
= Quarterly report: July to September 2026

== Cases by type

#table(
  columns: 3,
  table.header([*Type*], [*Opened*], [*Closed*]),
  [Noise], [42], [38],
  [Harassment], [17], [15],
  [Vandalism], [9], [11],
)

"#,
    );
    for i in 0..body_paragraphs {
        source.push_str(&format!(
            "Paragraph {}. Cases were opened on the day they were reported in 96% of \
             reports, and the case panel met twice. Residents' satisfaction with the \
             handling of their case stayed at the level of the previous quarter, and \
             repeat complaints about the same place fell for the third quarter running.\n\n",
            i + 1
        ));
    }
    source
}

fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page\n").count()
        + text.matches("/Type /Page/").count()
        + text.matches("/Type /Page ").count()
        + text.matches("/Type/Page/").count()
        + text.matches("/Type/Page ").count()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
}

#[test]
fn a_committee_report_renders_to_a_tagged_pdf_ua_file() {
    let source = committee_report(1);
    let first = Instant::now();
    let pdf = render(&source).expect("renders");
    let first = first.elapsed();
    // Another report (typst would answer the same source again from its caches).
    let another = Instant::now();
    render(&source.replace("42", "43")).expect("renders another");
    let another = another.elapsed();
    println!(
        "small report: {} bytes; render took {first:?} (maybe the first in this process: \
         fonts parsed, standard library built), then {another:?} for another report",
        pdf.len()
    );
    assert!(pdf.starts_with(b"%PDF-"));
    // Tagged: a structure tree; PDF/UA-1: identified as such in the XMP metadata, with the
    // title shown in the window and the document's language set.
    assert!(contains(&pdf, "/StructTreeRoot"), "no structure tree");
    assert!(contains(&pdf, "pdfuaid:part"), "not identified as PDF/UA");
    assert!(contains(&pdf, "/DisplayDocTitle true"), "title not displayed");
    assert!(contains(&pdf, "/Lang (en-GB)"), "no document language");
}

#[test]
fn a_two_page_report_is_small() {
    let source = committee_report(16);
    let start = Instant::now();
    let pdf = render(&source).expect("renders");
    println!("two-page report: {} pages, {} bytes, render took {:?}", page_count(&pdf), pdf.len(), start.elapsed());
    assert_eq!(page_count(&pdf), 2, "the report should take two pages; adjust the paragraphs");
}

#[test]
fn the_same_source_gives_the_same_bytes() {
    let source = committee_report(1);
    assert_eq!(render(&source).unwrap(), render(&source).unwrap());
}

#[test]
fn a_syntax_error_is_named_with_its_line() {
    let source = format!("{PREAMBLE}\n= Report\n\n#table(columns: 2, [a], [b]\n");
    let error = render(&source).unwrap_err();
    let message = error.to_string();
    println!("{message}");
    assert!(matches!(error, PdfError::Compile(_)), "{error:?}");
    assert!(message.contains("unclosed delimiter"), "{message}");
    assert!(message.contains("line 7"), "{message}");
}

#[test]
fn an_unknown_function_is_named_with_typsts_hint() {
    let source = format!("{PREAMBLE}\n= Report\n\n#tabel(columns: 2)[a]\n");
    let message = render(&source).unwrap_err().to_string();
    println!("{message}");
    assert!(message.contains("unknown variable: tabel"), "{message}");
    assert!(message.contains("line 7, column 2"), "{message}");
}

#[test]
fn a_package_import_fails_without_a_download() {
    let source = format!("{PREAMBLE}\n#import \"@preview/x:0.1.0\": *\n\n= Report\n");
    let error = render(&source).unwrap_err();
    let message = error.to_string();
    println!("{message}");
    assert!(matches!(error, PdfError::Compile(_)), "{error:?}");
    assert!(message.contains("@preview/x:0.1.0"), "{message}");
    assert!(message.contains("no typst packages"), "{message}");
}

#[test]
fn files_cannot_be_read() {
    let source = format!("{PREAMBLE}\n= Report\n\n#read(\"/etc/passwd\")\n#include \"other.typ\"\n");
    let message = render(&source).unwrap_err().to_string();
    println!("{message}");
    assert!(message.contains("file not found"), "{message}");
}

#[test]
fn a_report_without_a_title_is_refused_clearly() {
    let source = "#set text(lang: \"en\", region: \"gb\")\n= Report\n\nText.\n";
    let error = render(source).unwrap_err();
    assert!(matches!(error, PdfError::MissingTitle), "{error:?}");
    assert!(error.to_string().contains("#set document(title:"), "{error}");
}

#[test]
fn a_skipped_heading_level_is_a_pdf_ua_error() {
    let source = format!("{PREAMBLE}\n= Report\n\n=== Too deep\n");
    let error = render(&source).unwrap_err();
    println!("{error}");
    assert!(matches!(error, PdfError::Export(_)), "{error:?}");
    assert!(error.to_string().contains("PDF/UA-1 error"), "{error}");
}

#[test]
fn todays_date_is_available() {
    let source = format!("{PREAMBLE}\n= Report\n\nPrinted on #datetime.today().display().\n");
    render(&source).expect("renders");
}

const HOSTILE: &[&str] = &[
    "#",
    "$",
    "*",
    "_",
    "`",
    "<",
    ">",
    "@",
    "[",
    "]",
    "\\",
    "/",
    "~",
    "'",
    "\"",
    "=",
    "-",
    "+",
    "#set page(width: 1pt)",
    "#panic(\"boom\")",
    "$x^2$ and $unclosed",
    "*bold* _emph_ `raw` ```rust fn main() {}```",
    "<label> @ref @nonexistent",
    "[unclosed bracket",
    "]] closing brackets",
    "// a comment\n/* a block comment",
    "= Heading\n== Deeper heading\n=== Deeper still",
    "- list item\n+ enum item\n/ term: description\n1. numbered\n12) also",
    "http://example.com/a_b*c https://example.com",
    "ends with a backslash \\",
    "\\u{41} \\u{ZZZZ}",
    "-- --- ... -? -1 ~ 'single' \"double\"",
    "#{ let x = 1 } #(1 + ) #let y = [",
    "#linebreak()(oops) #x.y",
    "line one\nline two\r\nline three\rline four\n\n\nafter blank lines",
    "tab\there, nul\u{0}, bell\u{7}, bom\u{feff}, nonchar\u{fffe}",
    "Siân Jones, Ŵyn, Ōkubo, Müller, Ødegård, Łukasz, Ελένη, Ольга",
    "emoji 😀👍🏽 ❤️ 👨‍👩‍👧",
    "other scripts: 王小明 مرحبا שלום नमस्ते ਸਤਿ ਸ੍ਰੀ ਅਕਾਲ হ্যালো",
    "private use \u{e000} and \u{f8ff}",
    "  leading and trailing spaces  ",
    "",
];

#[test]
fn escaped_hostile_text_renders_as_text() {
    let mut source = format!("{PREAMBLE}\n= Report\n\n");
    for (i, text) in HOSTILE.iter().enumerate() {
        let escaped = escape(text);
        // In a paragraph, at the start of a line, in a table cell and in strong text: each
        // where a template could put it.
        source.push_str(&format!("{escaped}\n\nItem {i}: {escaped} end.\n\n"));
        source.push_str(&format!("#table(columns: 2, [{escaped}], [*{escaped}*])\n\n"));
    }
    match render(&source) {
        Ok(pdf) => assert!(pdf.starts_with(b"%PDF-")),
        Err(error) => panic!("{error}\n\nsource:\n{source}"),
    }
}

#[test]
fn each_hostile_text_renders_on_its_own() {
    for text in HOSTILE {
        let source = format!("{PREAMBLE}\n= Report\n\n{}\n", escape(text));
        if let Err(error) = render(&source) {
            panic!("{text:?}: {error}\n\nsource:\n{source}");
        }
    }
}

#[test]
fn unescaped_hostile_text_never_panics() {
    for text in HOSTILE {
        let _ = render(&format!("{PREAMBLE}\n= Report\n\n{text}\n"));
        let _ = render(text);
    }
}
