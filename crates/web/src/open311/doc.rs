//! One answer, two formats. GeoReport's XML and JSON differ in shape (XML wraps lists in a
//! plural element, JSON uses arrays), so handlers build a small tree once and it is written
//! out as either: XML through quick-xml (which escapes), JSON through serde_json.
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use serde_json::{Map, Value as Json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

impl Format {
    /// Split `services.xml` into `("services", Xml)`.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        let (name, ext) = file.rsplit_once('.')?;
        match ext {
            "xml" => Some((name, Format::Xml)),
            "json" => Some((name, Format::Json)),
            _ => None,
        }
    }
}

/// A value in the tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Written as an empty element, or JSON null.
    Null,
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Float(v)
    }
}

/// An element's content.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Field(&'static str, Value),
    /// `<name><item>…</item>…</name>` in XML; `"name": [{…}, …]` in JSON.
    List(&'static str, &'static str, Vec<Vec<Node>>),
    /// `<name><item>text</item>…</name>` in XML; `"name": ["text", …]` in JSON.
    Strings(&'static str, &'static str, Vec<String>),
}

pub fn field(name: &'static str, v: impl Into<Value>) -> Node {
    Node::Field(name, v.into())
}

/// A whole answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Doc {
    /// One object: `<root>…</root>` / `{…}`.
    Object(&'static str, Vec<Node>),
    /// A list: `<root><item>…</item>…</root>` / `[{…}, …]`.
    List(&'static str, &'static str, Vec<Vec<Node>>),
}

impl Doc {
    pub fn xml(&self) -> String {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        // Writing into a Vec cannot fail.
        let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        let _ = match self {
            Doc::Object(root, nodes) => w.create_element(*root).write_inner_content(|w| nodes_xml(w, nodes)),
            Doc::List(root, item, items) => w.create_element(*root).write_inner_content(|w| items_xml(w, item, items)),
        };
        String::from_utf8(w.into_inner()).unwrap_or_default()
    }

    pub fn json(&self) -> Json {
        match self {
            Doc::Object(_, nodes) => nodes_json(nodes),
            Doc::List(_, _, items) => Json::Array(items.iter().map(|n| nodes_json(n)).collect()),
        }
    }

    /// The response in the asked-for format.
    pub fn respond(&self, status: StatusCode, format: Format) -> Response {
        match format {
            Format::Xml => (status, [(CONTENT_TYPE, "text/xml; charset=utf-8")], self.xml()).into_response(),
            Format::Json => {
                (status, [(CONTENT_TYPE, "application/json; charset=utf-8")], self.json().to_string()).into_response()
            }
        }
    }
}

type XmlWriter = Writer<Vec<u8>>;

fn items_xml(w: &mut XmlWriter, item: &str, items: &[Vec<Node>]) -> std::io::Result<()> {
    for nodes in items {
        w.create_element(item).write_inner_content(|w| nodes_xml(w, nodes))?;
    }
    Ok(())
}

fn nodes_xml(w: &mut XmlWriter, nodes: &[Node]) -> std::io::Result<()> {
    for node in nodes {
        match node {
            Node::Field(name, v) => {
                let text = match v {
                    Value::Text(s) => s.clone(),
                    Value::Bool(b) => b.to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => f.to_string(),
                    Value::Null => {
                        w.create_element(*name).write_empty()?;
                        continue;
                    }
                };
                w.create_element(*name).write_text_content(BytesText::new(&text))?;
            }
            Node::List(name, item, items) => {
                w.create_element(*name).write_inner_content(|w| items_xml(w, item, items))?;
            }
            Node::Strings(name, item, texts) => {
                w.create_element(*name).write_inner_content(|w| {
                    for t in texts {
                        w.create_element(*item).write_text_content(BytesText::new(t))?;
                    }
                    Ok(())
                })?;
            }
        }
    }
    Ok(())
}

fn nodes_json(nodes: &[Node]) -> Json {
    let mut map = Map::new();
    for node in nodes {
        match node {
            Node::Field(name, v) => {
                let j = match v {
                    Value::Text(s) => Json::String(s.clone()),
                    Value::Bool(b) => Json::Bool(*b),
                    Value::Int(i) => Json::from(*i),
                    Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
                    Value::Null => Json::Null,
                };
                map.insert((*name).to_string(), j);
            }
            Node::List(name, _, items) => {
                map.insert((*name).to_string(), Json::Array(items.iter().map(|n| nodes_json(n)).collect()));
            }
            Node::Strings(name, _, texts) => {
                map.insert((*name).to_string(), Json::Array(texts.iter().cloned().map(Json::String).collect()));
            }
        }
    }
    Json::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_tree_is_written_as_either_format() {
        let doc = Doc::List(
            "services",
            "service",
            vec![vec![
                field("service_code", "noise"),
                field("description", "Loud music & shouting <at night>"),
                Node::Field("metadata", Value::Bool(true)),
                field("group", None::<String>),
            ]],
        );
        let xml = doc.xml();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "{xml}");
        assert!(xml.contains("<description>Loud music &amp; shouting &lt;at night&gt;</description>"), "{xml}");
        assert!(xml.contains("<group/>"), "{xml}");
        assert_eq!(
            doc.json(),
            serde_json::json!([{
                "service_code": "noise",
                "description": "Loud music & shouting <at night>",
                "metadata": true,
                "group": null
            }])
        );
    }

    #[test]
    fn formats_come_from_the_file_name() {
        assert_eq!(Format::split("services.xml"), Some(("services", Format::Xml)));
        assert_eq!(Format::split("ASB-2026-000001.json"), Some(("ASB-2026-000001", Format::Json)));
        assert_eq!(Format::split("services.csv"), None);
        assert_eq!(Format::split("services"), None);
    }
}
