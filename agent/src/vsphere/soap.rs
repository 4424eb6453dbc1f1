//! The SOAP of the vSphere Web Services API: requests written as text, answers read into a
//! small owned tree. Pure; `session` does the HTTP.

use std::fmt;

/// The SOAP 1.1 envelope around one call in the `urn:vim25` namespace.
pub fn envelope(call: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"urn:vim25\">\
         <soapenv:Body>{call}</soapenv:Body></soapenv:Envelope>"
    )
}

/// Text for an element's content or an attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A managed object reference: `<_this type="PropertyCollector">propertyCollector</_this>`.
pub fn moref(element: &str, kind: &str, id: &str) -> String {
    format!("<{element} type=\"{}\">{}</{element}>", escape(kind), escape(id))
}

/// One element of an answer. vSphere puts a value's type in `xsi:type` (the simulator
/// declares its own prefix for that namespace, so it is resolved, not matched) and a
/// managed object reference's type in a plain `type` attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    /// `xsi:type` without its prefix, e.g. `string`, `ArrayOfCustomFieldValue`.
    pub xsi_type: Option<String>,
    /// The `type` attribute of a managed object reference, e.g. `HostSystem`.
    pub mo_type: Option<String>,
    /// The element's own text, trimmed.
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The node at a `/`-separated path of child names.
    pub fn at(&self, path: &str) -> Option<&Node> {
        path.split('/').try_fold(self, |node, name| node.child(name))
    }

    /// The text at `path`, `None` when absent or empty.
    pub fn text_at(&self, path: &str) -> Option<&str> {
        self.at(path).map(|n| n.text.as_str()).filter(|t| !t.is_empty())
    }
}

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn own(node: roxmltree::Node) -> Node {
    let xsi_type = node
        .attributes()
        .find(|a| a.namespace() == Some(XSI) && a.name() == "type")
        .map(|a| a.value().rsplit(':').next().unwrap_or_default().to_string());
    let mo_type = node.attributes().find(|a| a.namespace().is_none() && a.name() == "type").map(|a| a.value().into());
    let mut text = String::new();
    let mut children = Vec::new();
    for child in node.children() {
        if child.is_element() {
            children.push(own(child));
        } else if child.is_text() {
            text.push_str(child.text().unwrap_or_default());
        }
    }
    Node { name: node.tag_name().name().to_string(), xsi_type, mo_type, text: text.trim().to_string(), children }
}

/// A SOAP fault: what vCenter refused and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The fault's type from its detail, e.g. `InvalidLogin`, `NotAuthenticated`.
    pub kind: Option<String>,
    pub message: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = if self.message.is_empty() { "(no message)" } else { &self.message };
        match &self.kind {
            Some(kind) => write!(f, "{kind}: {message}"),
            None => f.write_str(message),
        }
    }
}

/// Why an answer could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Fault(Fault),
    /// Not the XML or not the element expected; the text says what was wrong.
    Malformed(String),
}

/// The `<{method}Response>` element of an answer body, or the fault it carries.
pub fn response(body: &str, method: &str) -> Result<Node, Answer> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(body, options)
        .map_err(|e| Answer::Malformed(format!("the answer is not XML: {e}")))?;
    let envelope = doc.root_element();
    let soap_body = envelope
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "Body")
        .ok_or_else(|| Answer::Malformed("the answer has no SOAP Body".into()))?;
    let first = soap_body
        .children()
        .find(|n| n.is_element())
        .ok_or_else(|| Answer::Malformed("the SOAP Body is empty".into()))?;
    if first.tag_name().name() == "Fault" {
        return Err(Answer::Fault(fault(&own(first))));
    }
    let expected = format!("{method}Response");
    if first.tag_name().name() != expected {
        let got = first.tag_name().name();
        return Err(Answer::Malformed(format!("expected {expected}, got {got}")));
    }
    Ok(own(first))
}

fn fault(node: &Node) -> Fault {
    let message = node.text_at("faultstring").unwrap_or_default().to_string();
    let kind = node.child("detail").and_then(|d| d.children.first()).map(|d| match &d.xsi_type {
        Some(t) => t.clone(),
        None => d.name.trim_end_matches("Fault").to_string(),
    });
    Fault { kind, message }
}

#[cfg(test)]
mod tests;
