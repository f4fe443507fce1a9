//! The house plan, enforced: every module imports only from layers below its own, the CLI
//! never touches the database directly, and no two files of the library import each other in
//! a cycle. `docs/ARCHITECTURE.md` draws the same layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules, lowest first. A module may use its own layer's files and
/// those of any lower layer, never a higher one; modules that share a layer do not use each
/// other.
const LAYERS: &[&[&str]] = &[
    &["error"],
    &["text"],
    &["model"],
    &["store", "formats"],
    &["glossary", "memory"],
    &["check", "extract", "answer"],
    &["document", "import"],
    &["shipped", "pg"],
    &["database"],
    &["doctor", "migrate"],
    &["serve"],
];

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&top))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// A file's module path under `src` (`glossary::db`, `store`).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its test module(s): tests may reach
/// across layers to set things up.
fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules a file's code names: `crate::a::b`, `super::b`, and the names inside braces
/// after either (`crate::a::{b, c}`), as paths from the crate root, two levels deep.
fn uses(module: &[String], code: &str) -> BTreeSet<Vec<String>> {
    let parent: Vec<String> = if module.len() > 1 {
        module[..module.len() - 1].to_vec()
    } else {
        Vec::new()
    };
    let mut out = BTreeSet::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent)] {
        for (i, _) in code.match_indices(prefix) {
            // `crate::` inside `$crate::` or a longer word is not a path.
            if i > 0 && code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let rest = &code[i + prefix.len()..];
            let mut path = base.clone();
            let mut rest = rest;
            loop {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if name.is_empty() {
                    if let Some(inner) = rest.strip_prefix('{') {
                        let group = &inner[..inner.find('}').unwrap_or(inner.len())];
                        for item in group.split(',') {
                            let item = item.trim().split("::").next().unwrap_or("");
                            if !item.is_empty()
                                && item != "self"
                                && item.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                            {
                                let mut p = path.clone();
                                p.push(item.to_string());
                                out.insert(p);
                            }
                        }
                    }
                    break;
                }
                path.push(name.clone());
                rest = &rest[name.len()..];
                match rest.strip_prefix("::") {
                    Some(r) if path.len() < 2 => rest = r,
                    _ => break,
                }
            }
            if !path.is_empty() {
                out.insert(path);
            }
        }
    }
    out
}

fn library() -> (PathBuf, BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = BTreeMap::new();
    for f in files {
        let m = module_of(&src, &f);
        if m.first()
            .is_some_and(|t| t == "cli" || t == "main" || t == "lib")
        {
            continue;
        }
        let used = uses(&m, &code(&f));
        graph.insert(m, used);
    }
    (src, graph)
}

#[test]
fn every_module_imports_only_from_lower_layers() {
    let (_, graph) = library();
    let mut wrong = Vec::new();
    for (m, used) in &graph {
        let own = layer_of(&m[0]).unwrap_or_else(|| panic!("{m:?} is in no layer: add it"));
        for u in used {
            if u[0] == m[0] {
                continue;
            }
            match layer_of(&u[0]) {
                Some(l) if l < own => {}
                _ => wrong.push(format!("{} uses {}", m.join("::"), u.join("::"))),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_files_import_each_other_in_a_cycle() {
    let (_, graph) = library();
    let known: BTreeSet<&Vec<String>> = graph.keys().collect();
    // The file a use names: the longest known module its path starts with.
    let target = |u: &Vec<String>| -> Option<Vec<String>> {
        (1..=u.len())
            .rev()
            .map(|n| u[..n].to_vec())
            .find(|p| known.contains(p))
    };
    let edges: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> = graph
        .iter()
        .map(|(m, used)| {
            let to = used
                .iter()
                .filter_map(target)
                .filter(|t| t != m && !m.starts_with(t))
                .collect();
            (m, to)
        })
        .collect();
    // Depth-first search for a back edge.
    fn visit<'a>(
        m: &'a Vec<String>,
        edges: &'a BTreeMap<&Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<&'a Vec<String>>,
        done: &mut BTreeSet<&'a Vec<String>>,
    ) -> Option<String> {
        if let Some(i) = stack.iter().position(|s| *s == m) {
            let cycle: Vec<String> = stack[i..].iter().map(|s| s.join("::")).collect();
            return Some(format!("{} -> {}", cycle.join(" -> "), m.join("::")));
        }
        if !done.insert(m) {
            return None;
        }
        stack.push(m);
        for t in edges.get(m).into_iter().flatten() {
            if let Some((k, _)) = edges.get_key_value(t)
                && let Some(c) = visit(k, edges, stack, done)
            {
                return Some(c);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in edges.keys() {
        if let Some(c) = visit(m, &edges, &mut Vec::new(), &mut done) {
            panic!("a cycle of imports: {c}");
        }
    }
}

#[test]
fn the_cli_never_touches_the_database_directly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/main.rs")];
    rust_files(&root.join("src/cli"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for needle in ["rusqlite", ".conn()", "Connection"] {
            assert!(
                !text.contains(needle),
                "{} names {needle}: call a library front door instead",
                f.display()
            );
        }
    }
}

#[test]
fn the_checker_itself_sees_an_upward_import() {
    let m = vec!["store".to_string()];
    let used = uses(
        &m,
        "use crate::memory::index::rebuild;\nfn f() { super::x(); }",
    );
    assert!(used.contains(&vec!["memory".to_string(), "index".to_string()]));
    let used = uses(
        &["glossary".to_string(), "db".to_string()],
        "use super::{compiled, index::Changes};",
    );
    assert!(used.contains(&vec!["glossary".to_string(), "compiled".to_string()]));
    assert!(used.contains(&vec!["glossary".to_string(), "index".to_string()]));
}
