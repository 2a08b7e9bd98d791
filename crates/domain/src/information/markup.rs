//! The small part of Markdown information pages are written in, read with pulldown-cmark and
//! written out as HTML with GOV.UK Frontend's classes. Nothing an administrator types becomes
//! markup of its own: HTML and images are refused when a text is saved (and shown as plain text
//! if met anyway), and links may only go to web, email and phone addresses or this service's
//! own pages.
use super::{Names, PLACEHOLDERS, fill};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, TextMergeStream};
use std::fmt;

/// Why a text cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkupProblem {
    Html(String),
    Image,
    Link(String),
    Placeholder(String),
}

impl fmt::Display for MarkupProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MarkupProblem::Html(h) => {
                write!(f, "The text has HTML in it ({}): use the formatting described instead", short(h))
            }
            MarkupProblem::Image => f.write_str("Pictures cannot be put in the text: link to them instead"),
            MarkupProblem::Link(url) => write!(
                f,
                "The link to '{}' cannot be used: links must start with https://, http://, mailto:, tel: or / (a page of this service)",
                short(url)
            ),
            MarkupProblem::Placeholder(p) => {
                write!(f, "'{p}' is not a name the page can fill in: use {}", PLACEHOLDERS.join(" or "))
            }
        }
    }
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 40 { format!("{}…", s.chars().take(40).collect::<String>()) } else { s.to_string() }
}

/// A link an information page may carry.
fn allowed(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"].iter().any(|p| lower.starts_with(p) && lower.len() > p.len())
        || (url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\"))
        || url.starts_with('#')
}

/// The first thing in `body` that cannot be shown as written.
pub(super) fn check(body: &str) -> Result<(), MarkupProblem> {
    for event in Parser::new(body) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => return Err(MarkupProblem::Html(h.to_string())),
            Event::Start(Tag::Image { .. }) => return Err(MarkupProblem::Image),
            Event::Start(Tag::Link { link_type, dest_url, .. }) if !allowed(&href(link_type, &dest_url)) => {
                return Err(MarkupProblem::Link(dest_url.to_string()));
            }
            _ => {}
        }
    }
    check_placeholders(body)
}

/// Where a link goes: an email autolink (`<asb@example.org>`) gives its address without `mailto:`.
fn href(link_type: LinkType, dest_url: &str) -> String {
    if link_type == LinkType::Email { format!("mailto:{dest_url}") } else { dest_url.to_string() }
}

/// Every `((name))` in `text` is one the page can fill in.
pub(super) fn check_placeholders(text: &str) -> Result<(), MarkupProblem> {
    let mut rest = text;
    while let Some(start) = rest.find("((") {
        let after = &rest[start..];
        let Some(end) = after.find("))") else { break };
        let candidate = &after[..end + 2];
        let word = &candidate[2..candidate.len() - 2];
        if !word.is_empty()
            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' ')
            && !PLACEHOLDERS.contains(&candidate)
        {
            return Err(MarkupProblem::Placeholder(candidate.to_string()));
        }
        rest = &after[2..];
    }
    Ok(())
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The text as HTML, with the names filled in.
pub fn render(body: &str, names: &Names) -> String {
    let mut out = String::with_capacity(body.len() * 2);
    // Inside an image, whose alt text is shown as plain text.
    let mut in_image = 0;
    // How each open link ends: an allowed link is an <a>, any other shows its words only.
    let mut links: Vec<&str> = vec![];
    for event in TextMergeStream::new(Parser::new(body)) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => out.push_str("<p class=\"govuk-body\">"),
                Tag::Heading { level: HeadingLevel::H1 | HeadingLevel::H2, .. } => {
                    out.push_str("<h2 class=\"govuk-heading-m\">")
                }
                Tag::Heading { .. } => out.push_str("<h3 class=\"govuk-heading-s\">"),
                Tag::List(None) => out.push_str("<ul class=\"govuk-list govuk-list--bullet\">"),
                Tag::List(Some(1)) => out.push_str("<ol class=\"govuk-list govuk-list--number\">"),
                Tag::List(Some(n)) => {
                    out.push_str(&format!("<ol class=\"govuk-list govuk-list--number\" start=\"{n}\">"))
                }
                Tag::Item => out.push_str("<li>"),
                Tag::Strong => out.push_str("<strong>"),
                Tag::Emphasis => out.push_str("<em>"),
                Tag::BlockQuote(_) => out.push_str("<div class=\"govuk-inset-text\">"),
                Tag::CodeBlock(_) => out.push_str("<pre class=\"govuk-body\">"),
                Tag::Link { link_type, dest_url, .. } if allowed(&href(link_type, &dest_url)) => {
                    out.push_str("<a class=\"govuk-link\" href=\"");
                    escape(&href(link_type, &dest_url), &mut out);
                    out.push_str("\">");
                    links.push("</a>");
                }
                Tag::Link { .. } => links.push(""),
                Tag::Image { .. } => in_image += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.push_str("</p>\n"),
                TagEnd::Heading(HeadingLevel::H1 | HeadingLevel::H2) => out.push_str("</h2>\n"),
                TagEnd::Heading(_) => out.push_str("</h3>\n"),
                TagEnd::List(false) => out.push_str("</ul>\n"),
                TagEnd::List(true) => out.push_str("</ol>\n"),
                TagEnd::Item => out.push_str("</li>\n"),
                TagEnd::Strong => out.push_str("</strong>"),
                TagEnd::Emphasis => out.push_str("</em>"),
                TagEnd::BlockQuote(_) => out.push_str("</div>\n"),
                TagEnd::CodeBlock => out.push_str("</pre>\n"),
                TagEnd::Link => out.push_str(links.pop().unwrap_or_default()),
                TagEnd::Image => in_image -= 1,
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                escape(&fill(&t, names), &mut out);
            }
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak if in_image == 0 => out.push_str("<br>"),
            Event::Rule => {
                out.push_str("<hr class=\"govuk-section-break govuk-section-break--m govuk-section-break--visible\">\n")
            }
            _ => {}
        }
    }
    out
}
