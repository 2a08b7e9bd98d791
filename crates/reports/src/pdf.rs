//! PDF output: a typst markup document compiled to a tagged PDF that conforms to PDF/UA-1.
//!
//! Everything needed is in the binary: the typst compiler, its standard library and the fonts
//! that typst ships (Libertinus Serif, New Computer Modern, DejaVu Sans Mono). Nothing is read
//! from disk and nothing is fetched: the document can read no file, and an `#import` of a typst
//! package fails with an error instead of a download.
//!
//! A report's source comes from our own templates, with user-entered text put into it through
//! [`escape`]. It should start with
//!
//! ```typst
//! #set document(title: [Quarterly report])
//! #set text(lang: "en", region: "gb")
//! ```
//!
//! PDF/UA-1 requires the title (without it [`render`] returns [`PdfError::MissingTitle`]) and
//! takes the document's language from the first `set text(lang: ..)`. It also wants headings to
//! start at level 1 and go down one level at a time, which typst checks.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// Why a report could not be made into a PDF.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The typst source has errors: syntax, an unknown function or variable, a file or package
    /// it tried to load, a failed `assert` and the like.
    #[error("the report's typst source has errors:\n{}", Lines(.0))]
    Compile(Vec<Diagnostic>),
    /// The document compiled, but has no title, which PDF/UA-1 requires.
    #[error(
        "the report has no title, which an accessible (PDF/UA-1) PDF needs: \
         start its source with `#set document(title: [...])`"
    )]
    MissingTitle,
    /// The document compiled, but could not be written as a PDF/UA-1 file (for example a
    /// heading level was skipped, or a glyph is missing from the fonts).
    #[error("the report could not be written as an accessible (PDF/UA-1) PDF:\n{}", Lines(.0))]
    Export(Vec<Diagnostic>),
    /// The typst compiler panicked: a bug in typst, caught so that it fails one report only.
    #[error("the typst compiler failed unexpectedly: {0}")]
    Internal(String),
}

/// One of typst's error messages, with where it points to in the source and typst's hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    pub hints: Vec<String>,
    /// 1-based line and column in the report's source, where typst says where the problem is.
    pub position: Option<(usize, usize)>,
}

impl fmt::Display for Diagnostic {
    /// One line: `line 3, column 7: message (hint: ...; hint: ...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, column)) = self.position {
            write!(f, "line {line}, column {column}: ")?;
        }
        write!(f, "{}", one_line(&self.message))?;
        if !self.hints.is_empty() {
            let hints: Vec<String> = self.hints.iter().map(|hint| format!("hint: {}", one_line(hint))).collect();
            write!(f, " ({})", hints.join("; "))?;
        }
        Ok(())
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The diagnostics of an error, one to a line.
struct Lines<'a>(&'a [Diagnostic]);

impl fmt::Display for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {diagnostic}")?;
        }
        Ok(())
    }
}

/// Compiles a typst markup document to the bytes of a tagged PDF/UA-1 file.
///
/// Never panics: a panic inside typst is returned as [`PdfError::Internal`]. It is CPU-bound
/// work of milliseconds for a short report (more for the first in a process, which parses the
/// fonts), so async code should call it through `spawn_blocking`.
pub fn render(source: &str) -> Result<Vec<u8>, PdfError> {
    let world = ReportWorld::new(source);
    let result = catch_unwind(AssertUnwindSafe(|| compile(&world)));
    // Typst memoises work across compilations; drop what recent renders have not used, so a
    // long-running server does not grow without bound.
    typst::comemo::evict(10);
    result.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Err(PdfError::Internal(message))
    })
}

fn compile(world: &ReportWorld) -> Result<Vec<u8>, PdfError> {
    let document: PagedDocument =
        typst::compile(world).output.map_err(|errors| PdfError::Compile(diagnostics(world, &errors)))?;
    if document.info.title.as_ref().is_none_or(|title| title.trim().is_empty()) {
        return Err(PdfError::MissingTitle);
    }
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|message| {
        PdfError::Export(vec![Diagnostic { message: message.to_string(), hints: Vec::new(), position: None }])
    })?;
    // No timestamp: the PDF carries a creation date only when the source sets one
    // (`#set document(date: ...)`), so the same source gives the same bytes.
    let options = PdfOptions { standards, tagged: true, ..PdfOptions::default() };
    typst_pdf::pdf(&document, &options).map_err(|errors| PdfError::Export(diagnostics(world, &errors)))
}

fn diagnostics(world: &ReportWorld, errors: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    errors
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| Diagnostic {
            message: diagnostic.message.to_string(),
            hints: diagnostic.hints.iter().map(|hint| hint.to_string()).collect(),
            position: world
                .range(diagnostic.span)
                .filter(|_| diagnostic.span.id() == Some(world.main.id()))
                .and_then(|range| world.main.lines().byte_to_line_column(range.start))
                .map(|(line, column)| (line + 1, column + 1)),
        })
        .collect()
}

/// The fonts typst ships, parsed once.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The one file a report can see: its own source.
struct ReportWorld {
    main: Source,
    now: jiff::Zoned,
}

impl ReportWorld {
    fn new(source: &str) -> Self {
        let id = FileId::new(None, VirtualPath::new("report.typ"));
        Self { main: Source::new(id, source.to_string()), now: jiff::Zoned::now() }
    }

    fn not_found(&self, id: FileId) -> FileError {
        match id.package() {
            Some(package) => FileError::Package(PackageError::Other(Some(
                format!(
                    "cannot use {package}: reports are compiled offline, \
                     with no typst packages available"
                )
                .into(),
            ))),
            None => FileError::NotFound(id.vpath().as_rootless_path().into()),
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(self.not_found(id)) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.text().to_string()))
        } else {
            Err(self.not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, offset: Option<i64>) -> Option<Datetime> {
        let date = match offset {
            None => self.now.date(),
            Some(hours) => {
                let offset = jiff::tz::Offset::from_hours(i8::try_from(hours).ok()?).ok()?;
                self.now.timestamp().to_zoned(jiff::tz::TimeZone::fixed(offset)).date()
            }
        };
        Datetime::from_ymd(i32::from(date.year()), u8::try_from(date.month()).ok()?, u8::try_from(date.day()).ok()?)
    }
}

/// Makes arbitrary text safe to put into typst markup as content (not inside a string literal
/// or code): the result reads as exactly the text given, never as markup or code.
///
/// - typst's special characters are escaped with a backslash, so no `#` starts code, no `*`,
///   `_`, `=`, `-`, `+`, `/` or digits-and-dot makes strong, emphasis, a heading or a list,
///   no `//` starts a comment, no `http://` becomes a link, no `'` or `"` becomes a curly
///   quote and no `--` or `...` becomes a dash or ellipsis;
/// - a line break (`\n`, `\r\n`, `\r`, U+2028, U+2029) becomes a typst line break, so each
///   line of the text starts a new line in the PDF (a blank line stays an empty line); the
///   result is always a single line of markup;
/// - tabs become spaces; other control characters, and the code points PDF/UA forbids in text
///   (U+FEFF, U+FFFE), are dropped;
/// - a character that none of the embedded fonts can draw (an emoji; Chinese, Japanese, Korean,
///   Gurmukhi, Bengali and other scripts the fonts lack) becomes U+FFFD, the replacement
///   character: PDF/UA does not allow a missing glyph, so the PDF could not be made at all. So
///   does a private-use character, which means whatever a font chooses (in Libertinus Serif,
///   U+E000 is an "fb" ligature).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' | '$' | '*' | '_' | '`' | '<' | '>' | '@' | '[' | ']' | '\\' | '/' | '~' | '\'' | '"' | '=' | '-'
            | '+' | '.' | '(' | ')' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str(LINEBREAK);
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push_str(LINEBREAK),
            '\t' => out.push(' '),
            '\u{feff}' | '\u{fffe}' => {}
            c if c.is_control() => {}
            c if is_private_use(c) => out.push(REPLACEMENT),
            c if is_default_ignorable(c) || can_draw(c) => out.push(c),
            _ => out.push(REPLACEMENT),
        }
    }
    out
}

/// A line break in markup that nothing after it can continue: `#linebreak()` followed by `(`
/// or `[` would be read as a further call, and a real newline would let the next line start a
/// list or heading.
const LINEBREAK: &str = "#linebreak();";

const REPLACEMENT: char = '\u{fffd}';

fn can_draw(c: char) -> bool {
    FONTS.fonts.iter().any(|font| font.info().coverage.contains(u32::from(c)))
}

fn is_private_use(c: char) -> bool {
    matches!(c, '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{ffffd}' | '\u{100000}'..='\u{10fffd}')
}

/// Characters that are never drawn, only change how their neighbours are (joiners, variation
/// selectors, direction marks): shaping handles them without a glyph, so they stay.
fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_plain_text_alone() {
        assert_eq!(escape("Anna Smith, 12 High Street"), "Anna Smith, 12 High Street");
    }

    #[test]
    fn escape_backslashes_every_special_character() {
        assert_eq!(escape("#x *y*"), r"\#x \*y\*");
        assert_eq!(escape("1. a"), r"1\. a");
        assert_eq!(escape("a\\b"), r"a\\b");
    }

    #[test]
    fn escape_turns_line_breaks_into_typst_ones_on_a_single_line() {
        assert_eq!(escape("a\nb\r\nc\rd"), "a#linebreak();b#linebreak();c#linebreak();d");
        assert_eq!(escape("a\n\nb"), "a#linebreak();#linebreak();b");
    }

    #[test]
    fn escape_drops_control_characters_and_replaces_what_no_font_can_draw() {
        assert_eq!(escape("a\u{0}b\u{7}c\u{feff}\td"), "abc d");
        assert_eq!(escape("ok 😀 中"), "ok \u{fffd} \u{fffd}");
        assert_eq!(escape("\u{e000}"), "\u{fffd}");
        assert!(can_draw(REPLACEMENT));
        // Joiners and variation selectors are not drawn, so stay.
        assert_eq!(escape("a\u{200d}b\u{fe0f}"), "a\u{200d}b\u{fe0f}");
    }
}
