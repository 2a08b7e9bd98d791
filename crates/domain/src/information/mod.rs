//! The public information pages residents read before they report: what ASB is and is not,
//! the categories, what happens after a report, evidence, tools and powers, the ASB Case
//! Review, going to court, anonymous reports, privacy and how to contact the team.
//!
//! Each page has a default text (in `texts`), which a partnership's administrators may replace.
//! Texts are written in a small part of Markdown (paragraphs, `##` headings, lists, links,
//! bold) and may name the organisation or partnership with `((organisation))` and
//! `((partnership))`. Figures that already live in the settings — the categories, the service
//! standards, the case review threshold — are never typed into a text: the page shows them from
//! the live settings beside it.
mod markup;
mod texts;

pub use markup::{MarkupProblem, render};

/// One information page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    WhatIsAsb,
    Categories,
    AfterYouReport,
    Evidence,
    ToolsAndPowers,
    CaseReview,
    GoingToCourt,
    Anonymous,
    Privacy,
    Contact,
}

/// What a page shows from the live settings, after its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Live {
    /// Every category residents may choose, with its explanation.
    Categories,
    /// How soon the team first makes contact for each level of risk, and how often after.
    ServiceStandards,
    /// How many complaints meet the case review threshold, and over what time.
    CaseReviewThreshold,
}

impl Topic {
    /// In the order the index lists them.
    pub const ALL: [Topic; 10] = [
        Topic::WhatIsAsb,
        Topic::Categories,
        Topic::AfterYouReport,
        Topic::Evidence,
        Topic::ToolsAndPowers,
        Topic::CaseReview,
        Topic::GoingToCourt,
        Topic::Anonymous,
        Topic::Privacy,
        Topic::Contact,
    ];

    /// The page's address under `/information/`.
    pub fn slug(self) -> &'static str {
        match self {
            Topic::WhatIsAsb => "what-is-anti-social-behaviour",
            Topic::Categories => "types-of-anti-social-behaviour",
            Topic::AfterYouReport => "after-you-report",
            Topic::Evidence => "keeping-a-diary-and-evidence",
            Topic::ToolsAndPowers => "tools-and-powers",
            Topic::CaseReview => "asb-case-review",
            Topic::GoingToCourt => "going-to-court",
            Topic::Anonymous => "reporting-anonymously",
            Topic::Privacy => "privacy-notice",
            Topic::Contact => "contact-us",
        }
    }

    pub fn parse(slug: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// The title a page has until an administrator gives it another.
    pub fn default_title(self) -> &'static str {
        texts::title(self)
    }

    /// The text a page has until an administrator writes its own.
    pub fn default_body(self) -> &'static str {
        texts::body(self)
    }

    /// The default words leave out details only the partnership can give (its phone number,
    /// its data protection officer): administrators are asked to add them.
    pub fn needs_local_details(self) -> bool {
        matches!(self, Topic::Privacy | Topic::Contact)
    }

    /// What the page shows from the live settings, if anything.
    pub fn live(self) -> Option<Live> {
        match self {
            Topic::Categories => Some(Live::Categories),
            Topic::AfterYouReport => Some(Live::ServiceStandards),
            Topic::CaseReview => Some(Live::CaseReviewThreshold),
            _ => None,
        }
    }
}

/// The longest title and text a page may have.
pub const MAX_TITLE: usize = 120;
pub const MAX_BODY: usize = 20_000;

/// A page's words as an administrator wrote them (or the default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageText {
    pub title: String,
    pub body: String,
}

/// A problem with what an administrator wrote, by field ("title" or "body").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextProblem {
    pub field: &'static str,
    pub message: String,
}

/// Check a page's new title and text; every problem is named.
pub fn check(title: &str, body: &str) -> Result<PageText, Vec<TextProblem>> {
    let mut problems = vec![];
    let title = title.trim();
    let body = body.replace("\r\n", "\n");
    let body = body.trim();
    let mut refuse = |field, message: String| problems.push(TextProblem { field, message });
    if title.is_empty() {
        refuse("title", "Enter the page's title".into());
    } else if title.chars().count() > MAX_TITLE || title.chars().any(char::is_control) {
        refuse("title", format!("The title must be one line of at most {MAX_TITLE} characters"));
    } else if let Err(p) = markup::check_placeholders(title) {
        refuse("title", p.to_string());
    }
    if body.is_empty() {
        refuse("body", "Enter the page's text".into());
    } else if body.chars().count() > MAX_BODY {
        refuse("body", format!("The text must be at most {MAX_BODY} characters; it has {}", body.chars().count()));
    } else if let Err(p) = markup::check(body) {
        refuse("body", p.to_string());
    }
    if problems.is_empty() { Ok(PageText { title: title.into(), body: body.into() }) } else { Err(problems) }
}

/// The names a text may use, filled in as the page is shown.
pub struct Names<'a> {
    pub organisation: &'a str,
    pub partnership: &'a str,
}

/// The placeholders a text may use.
pub const PLACEHOLDERS: [&str; 2] = ["((organisation))", "((partnership))"];

fn fill(text: &str, names: &Names) -> String {
    text.replace("((organisation))", names.organisation).replace("((partnership))", names.partnership)
}

/// The title as residents see it.
pub fn title(text: &PageText, names: &Names) -> String {
    fill(&text.title, names)
}

#[cfg(test)]
mod tests;
