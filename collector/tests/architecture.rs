//! The architecture invariants of ARCHITECTURE.md, checked on the source (as rust-analyzer's
//! `tidy` tests do): a change that breaks one fails here, naming the file and the line.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Lines of the files under `module` (a directory or `name.rs`) that mention any of `needles`,
/// test files and comments left out.
fn offending(module: &str, needles: &[&str]) -> Vec<String> {
    let root = src();
    let mut files = Vec::new();
    let dir = root.join(module);
    if dir.is_dir() {
        sources(&dir, &mut files);
    }
    let file = root.join(format!("{module}.rs"));
    if file.is_file() {
        files.push(file);
    }
    assert!(!files.is_empty(), "no module {module}");
    let mut found = Vec::new();
    for file in files {
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if needles.iter().any(|needle| code.contains(needle)) {
                let shown = file.strip_prefix(&root).unwrap().display();
                found.push(format!("{shown}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_domain_knows_no_framework_and_no_adapter() {
    let forbidden = ["axum", "sled::", "clap", "crate::api", "crate::web", "crate::app", "crate::commands"];
    for module in ["lifecycle", "costs", "inventory"] {
        let found = offending(module, &forbidden);
        assert!(found.is_empty(), "{module} must stay pure:\n{}", found.join("\n"));
    }
}

#[test]
fn adapters_depend_on_the_application_layer_not_on_each_other() {
    for (module, others) in [
        ("api", ["crate::web", "crate::commands", "crate::local"]),
        ("web", ["crate::api", "crate::commands", "crate::local"]),
        ("commands", ["crate::api", "crate::web", "crate::server"]),
        ("local", ["crate::api", "crate::web", "crate::commands"]),
    ] {
        let found = offending(module, &others);
        assert!(found.is_empty(), "{module} reaches into another adapter:\n{}", found.join("\n"));
    }
}

#[test]
fn the_application_layer_knows_no_http_html_or_command_line() {
    let forbidden =
        ["axum", "clap", "crate::api", "crate::web", "crate::commands", "crate::local", "arsring_dashboard"];
    let found = offending("app", &forbidden);
    assert!(found.is_empty(), "app must not know its adapters:\n{}", found.join("\n"));
}

/// The API description names each schema after its type (`#[schema(as = …)]` renames one):
/// two types of one name would be one schema, and one of them described wrongly.
#[test]
fn every_schema_of_the_api_description_has_its_own_name() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../protocol/src"), &mut files);
    let mut seen: std::collections::BTreeMap<String, String> = Default::default();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            if !(line.starts_with("#[derive(") && line.contains("ToSchema")) {
                continue;
            }
            let mut renamed = None;
            for next in &lines[n + 1..] {
                if let Some(name) = next.trim().strip_prefix("#[schema(as = ") {
                    renamed = Some(name.trim_end_matches(")]").to_string());
                }
                let declared = next.strip_prefix("pub struct ").or_else(|| next.strip_prefix("pub enum "));
                let declared = declared.or_else(|| next.strip_prefix("struct ")).or_else(|| next.strip_prefix("enum "));
                if let Some(rest) = declared {
                    let ident: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    let name = renamed.take().unwrap_or(ident);
                    let here = format!("{}:{}", file.display(), n + 1);
                    if let Some(first) = seen.insert(name.clone(), here.clone()) {
                        panic!(
                            "schema {name} is declared twice: {first} and {here}; rename one with #[schema(as = …)]"
                        );
                    }
                    break;
                }
            }
        }
    }
    assert!(seen.len() > 100, "only {} schemas found", seen.len());
}
