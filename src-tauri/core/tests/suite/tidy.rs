//! The core's architecture invariants, checked on its source (ARCHITECTURE.md lists the same):
//! layers import only the layers before them and modules form no cycle; SQL lives in `store/`
//! only; every module says what it is for; the core depends on nothing of a webview; the ranked
//! prospect pages are answered from their partial indexes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use allybook_core::store::queries::prospects;
use allybook_core::Store;

/// A module as (layer, name); the layer's own `mod.rs` has an empty name.
type Module = (String, String);
/// Each module and the modules it uses.
type Graph = BTreeMap<Module, BTreeSet<Module>>;

/// The layers, lowest first: a module may use its own layer and the ones before it.
const LAYERS: [&str; 6] = ["model", "rules", "render", "store", "ops", "api"];

/// What the crate root re-exports for the shell and tests, and the layer each belongs to. Code
/// inside the crate names the layer instead (`crate::ops::book`), except for these three.
const ROOT_NAMES: [(&str, &str); 3] = [("Error", "model"), ("Result", "model"), ("Store", "store")];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as (path relative to `src/`, text).
fn sources() -> Vec<Module> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(src())
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).expect("read source");
            (rel, text)
        })
        .collect()
}

/// The code of a file without its comments and its unit-test modules (`#[cfg(test)] mod … {
/// … }`, which may use any layer); code after a test module still counts.
fn code(text: &str) -> String {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod ") && next.contains('{'))
        {
            // Skip to the brace that closes the module (braces in strings and comments of test
            // code are rare enough, and would only hide test code).
            let mut depth = 0i64;
            for inner in lines.by_ref() {
                depth += inner.matches('{').count() as i64 - inner.matches('}').count() as i64;
                if depth <= 0 && inner.contains('}') {
                    break;
                }
            }
            continue;
        }
        if !trimmed.starts_with("//") {
            out.push(line);
        }
    }
    out.join("\n")
}

#[test]
fn test_modules_are_skipped_and_code_after_them_is_not() {
    let text = "use crate::model::x;\n#[cfg(test)]\nmod tests {\n    use crate::api::y;\n    fn f() { }\n}\nuse crate::ops::z;\n";
    let c = code(text);
    assert!(
        c.contains("crate::model::x") && c.contains("crate::ops::z"),
        "{c}"
    );
    assert!(!c.contains("crate::api::y"), "{c}");
}

/// The module a file is: ("ops", "book") for `ops/book.rs`, ("render", "pdf") for
/// `render/pdf/shape.rs` (a submodule belongs to its parent), ("store", "") for `store/mod.rs`.
fn module_of(rel: &str) -> Option<Module> {
    let parts: Vec<&str> = rel.trim_end_matches(".rs").split('/').collect();
    match parts.as_slice() {
        [_root] => None,
        [layer, "mod"] => Some((layer.to_string(), String::new())),
        [layer, module, ..] => Some((layer.to_string(), module.to_string())),
        [] => None,
    }
}

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// Every path a use-tree or a path expression starting at `text` names, whole:
/// `ops::{book, pipeline::x}` gives `ops::book` and `ops::pipeline::x`.
fn paths(text: &str) -> Vec<String> {
    fn tree(chars: &[char], at: &mut usize, prefix: &str, out: &mut Vec<String>) {
        let mut path = prefix.to_string();
        loop {
            let start = *at;
            while *at < chars.len() && (chars[*at].is_alphanumeric() || chars[*at] == '_') {
                *at += 1;
            }
            let ident: String = chars[start..*at].iter().collect();
            if !ident.is_empty() {
                if !path.is_empty() {
                    path.push_str("::");
                }
                path.push_str(&ident);
            }
            while *at < chars.len() && chars[*at].is_whitespace() {
                *at += 1;
            }
            let group_next = ident.is_empty() && chars.get(*at) == Some(&'{');
            if group_next || (chars.get(*at) == Some(&':') && chars.get(*at + 1) == Some(&':')) {
                if !group_next {
                    *at += 2;
                }
                while *at < chars.len() && chars[*at].is_whitespace() {
                    *at += 1;
                }
                if chars.get(*at) == Some(&'{') {
                    *at += 1;
                    loop {
                        while *at < chars.len() && (chars[*at].is_whitespace() || chars[*at] == ',')
                        {
                            *at += 1;
                        }
                        match chars.get(*at) {
                            Some('}') => {
                                *at += 1;
                                return;
                            }
                            None => return,
                            _ => {
                                let before = *at;
                                tree(chars, at, &path, out);
                                if *at == before {
                                    *at += 1;
                                }
                            }
                        }
                    }
                }
                continue;
            }
            if !path.is_empty() {
                out.push(path);
            }
            return;
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    tree(&chars, &mut 0, "", &mut out);
    out
}

/// The modules a file's code names, as (layer, module): `crate::ops::book::x` gives ("ops",
/// "book"); `crate::store::Store` gives ("store", "") when `Store` is not a module; groups
/// (`crate::ops::{book, pipeline}`) give each. Paths that skip the layer (`crate::book`) are
/// returned apart: code inside the crate names the layer.
fn uses(code: &str, modules: &BTreeSet<Module>) -> (BTreeSet<Module>, Vec<String>) {
    let mut found = BTreeSet::new();
    let mut bad = Vec::new();
    let mut at = 0;
    while let Some(i) = code[at..].find("crate::") {
        let start = at + i + "crate::".len();
        at = start;
        for item in paths(&code[start..]) {
            let mut parts = item.split("::");
            let first = parts.next().unwrap_or_default().to_string();
            let second = parts.next().unwrap_or_default().to_string();
            if first == "self" {
                continue;
            }
            if let Some((_, layer)) = ROOT_NAMES.iter().find(|(n, _)| *n == first) {
                found.insert((layer.to_string(), String::new()));
            } else if rank(&first).is_some() {
                let module = if modules.contains(&(first.clone(), second.clone())) {
                    second
                } else {
                    String::new()
                };
                found.insert((first, module));
            } else if !first.is_empty() {
                bad.push(format!("crate::{item}"));
            }
        }
    }
    (found, bad)
}

fn name((layer, module): &Module) -> String {
    if module.is_empty() {
        layer.clone()
    } else {
        format!("{layer}::{module}")
    }
}

/// The module graph of the crate: each module and the modules it uses.
fn graph() -> (Graph, Vec<String>) {
    let files = sources();
    let modules: BTreeSet<Module> = files.iter().filter_map(|(rel, _)| module_of(rel)).collect();
    let mut edges: Graph = BTreeMap::new();
    let mut problems = Vec::new();
    for (rel, text) in &files {
        let Some(from) = module_of(rel) else {
            continue;
        };
        if rank(&from.0).is_none() {
            problems.push(format!("{rel}: `{}` is not a layer ({LAYERS:?})", from.0));
            continue;
        }
        let (to, bad) = uses(&code(text), &modules);
        for b in bad {
            problems.push(format!(
                "{rel}: `{b}` names a module by its re-exported path; name its layer (crate::<layer>::…)"
            ));
        }
        let entry = edges.entry(from.clone()).or_default();
        entry.extend(to.into_iter().filter(|t| *t != from));
    }
    (edges, problems)
}

/// Each layer imports only the layers before it.
fn layer_violations(edges: &Graph) -> Vec<String> {
    let mut out = Vec::new();
    for (from, tos) in edges {
        for to in tos {
            if rank(&to.0) > rank(&from.0) {
                out.push(format!(
                    "{} uses {}: layer `{}` comes after `{}` (order: {LAYERS:?})",
                    name(from),
                    name(to),
                    to.0,
                    from.0
                ));
            }
        }
    }
    out
}

/// The first import cycle among modules, as the path around it.
fn cycle(edges: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &Module,
        edges: &Graph,
        state: &mut BTreeMap<Module, u8>,
        path: &mut Vec<Module>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let start = path.iter().position(|n| n == node).unwrap_or(0);
                let mut names: Vec<String> = path[start..].iter().map(name).collect();
                names.push(name(node));
                return Some(names);
            }
            _ => {}
        }
        state.insert(node.clone(), 1);
        path.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            // A module's parent (`store` for `store::files`) re-exports it; that is not a use.
            if next.1.is_empty() && next.0 == node.0 {
                continue;
            }
            if let Some(c) = visit(next, edges, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if let Some(c) = visit(node, edges, &mut state, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}

#[test]
fn layers_import_only_the_layers_before_them_and_modules_form_no_cycle() {
    let (edges, mut problems) = graph();
    assert!(edges.len() > 20, "the walk found the modules: {edges:?}");
    problems.extend(layer_violations(&edges));
    if let Some(c) = cycle(&edges) {
        problems.push(format!("import cycle: {}", c.join(" → ")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_layer_check_sees_a_backward_import_and_a_cycle() {
    let modules: BTreeSet<Module> = [("ops", "book"), ("ops", "scoring"), ("model", "domain")]
        .iter()
        .map(|(l, m)| (l.to_string(), m.to_string()))
        .collect();
    let (found, bad) = uses(
        "use crate::{ops::book, Error};\nuse crate::model::{domain::Stage, x};\nuse crate::ops::{\n    scoring::{a, b},\n};\nfn f() { crate::book::x(); }",
        &modules,
    );
    assert_eq!(
        found.iter().map(name).collect::<Vec<_>>(),
        ["model", "model::domain", "ops::book", "ops::scoring"]
    );
    assert_eq!(bad, ["crate::book::x"]);
    let mut edges = BTreeMap::new();
    let m = |l: &str, n: &str| (l.to_string(), n.to_string());
    edges.insert(m("model", "domain"), BTreeSet::from([m("ops", "book")]));
    edges.insert(m("ops", "book"), BTreeSet::from([m("ops", "scoring")]));
    edges.insert(m("ops", "scoring"), BTreeSet::from([m("ops", "book")]));
    assert_eq!(
        layer_violations(&edges).len(),
        1,
        "{:?}",
        layer_violations(&edges)
    );
    assert_eq!(
        cycle(&edges),
        Some(vec![
            "ops::book".to_string(),
            "ops::scoring".into(),
            "ops::book".into()
        ])
    );
}

/// Whether a line of code talks SQL: a SQL statement in a string, or a rusqlite call.
fn sql_line(line: &str) -> bool {
    const CALLS: [&str; 7] = [
        ".execute(",
        ".execute_batch(",
        ".prepare(",
        ".prepare_cached(",
        ".query_row(",
        ".query_map(",
        ".pragma_update(",
    ];
    const STATEMENTS: [&str; 9] = [
        "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "PRAGMA ", "WITH ", "DROP ",
        "ALTER ",
    ];
    CALLS.iter().any(|c| line.contains(c))
        || line
            .split('"')
            .skip(1)
            .step_by(2)
            .any(|s| STATEMENTS.iter().any(|k| s.trim_start().starts_with(k)))
}

#[test]
fn sql_lives_in_the_store_only() {
    let mut problems = Vec::new();
    for (rel, text) in sources() {
        if rel.starts_with("store/") {
            continue;
        }
        if let Some(n) = code(&text).lines().position(sql_line) {
            problems.push(format!(
                "src/{rel}: SQL outside the store (near code line {}): move it to store/queries/",
                n + 1
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_sql_check_sees_statements_and_calls() {
    assert!(sql_line(
        r#"let n = tx.query_row("SELECT 1", [], |r| r.get(0))?;"#
    ));
    assert!(sql_line(
        r#"    "INSERT INTO prospect (name) VALUES (?1)","#
    ));
    assert!(!sql_line(r#"format!("Select a stage")"#));
    assert!(!sql_line("let update = 3;"));
}

#[test]
fn every_module_says_what_it_is_for() {
    // `api/commands.rs` is not a module: it is `include!`d, where `//!` cannot stand.
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, text)| rel != "api/commands.rs" && !text.starts_with("//!"))
        .map(|(rel, _)| format!("src/{rel}"))
        .collect();
    assert!(
        missing.is_empty(),
        "start these with a `//!` doc: {missing:?}"
    );
}

/// Everything the core depends on, directly or not, read from the lock file.
fn dependencies_of(package: &str) -> BTreeSet<String> {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock");
    let text = std::fs::read_to_string(&lock).expect("Cargo.lock next to the workspace manifest");
    let mut deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for block in text.split("[[package]]").skip(1) {
        let mut name = String::new();
        let mut list = Vec::new();
        let mut in_deps = false;
        for line in block.lines() {
            let line = line.trim();
            if let Some(n) = line.strip_prefix("name = ") {
                name = n.trim_matches('"').to_string();
            } else if line.starts_with("dependencies = [") {
                in_deps = true;
            } else if in_deps && line == "]" {
                in_deps = false;
            } else if in_deps {
                // "serde 1.0.0" or "serde": the name is the first word.
                let dep = line.trim_matches(|c| c == '"' || c == ',');
                list.push(dep.split(' ').next().unwrap_or(dep).to_string());
            }
        }
        deps.entry(name).or_default().extend(list);
    }
    let mut seen = BTreeSet::new();
    let mut todo = vec![package.to_string()];
    while let Some(p) = todo.pop() {
        for d in deps.get(&p).into_iter().flatten() {
            if seen.insert(d.clone()) {
                todo.push(d.clone());
            }
        }
    }
    seen
}

#[test]
fn the_core_depends_on_nothing_of_a_webview() {
    let all = dependencies_of("allybook-core");
    assert!(
        all.contains("rusqlite"),
        "the walk found the dependencies: {all:?}"
    );
    let webview: Vec<&String> = all
        .iter()
        .filter(|d| {
            [
                "tauri",
                "wry",
                "tao",
                "webkit2gtk",
                "gtk",
                "gdk",
                "javascriptcore",
            ]
            .iter()
            .any(|w| d.as_str() == *w || d.starts_with(&format!("{w}-")))
        })
        .collect();
    assert!(
        webview.is_empty(),
        "the core must build without a webview: {webview:?}"
    );
}

/// The ranked prospect page and its count, in every filter combination the list offers by
/// stage, are answered from the partial indexes that hold live prospects only.
#[test]
fn ranked_pages_and_their_counts_use_the_partial_indexes() {
    use allybook_core::domain::{ProspectQuery, ProspectSort, Stage};
    let dir = tempfile::tempdir().expect("tmp");
    let s = Store::open(&dir.path().join("b.sqlite")).expect("open");
    for (stage, index) in [
        (None, "prospect_fit"),
        (Some(Stage::Vetting), "prospect_stage_fit"),
    ] {
        let q = ProspectQuery {
            stage,
            sort: ProspectSort::Score,
            ..ProspectQuery::default()
        };
        for (what, plan) in prospects::page_plans(s.conn(), &q).expect("plans") {
            // The page walks the index in its order; the count may take either partial index
            // (both hold live prospects only), never the table.
            let wanted: &[&str] = match what {
                "page" => &[index],
                _ => &["prospect_fit", "prospect_stage_fit"],
            };
            assert!(
                wanted.iter().any(|i| plan.contains(&format!("INDEX {i}"))),
                "{what} for stage {stage:?} does not use {wanted:?}:\n{plan}"
            );
            assert!(
                !plan.lines().any(|l| l.trim() == "SCAN p")
                    && !plan.contains("USE TEMP B-TREE FOR ORDER BY"),
                "{what} for stage {stage:?} reads the table or sorts:\n{plan}"
            );
        }
    }
}

/// Every phrase key the core's code names (`"guidance.…"`, `"fit.…"`, `"invalid.…"`) has its
/// message in every language, so the CLI never prints a bare key and the window always has the
/// words (the window's own copies are checked against these by `ui/src/lib/phrase.test.ts`).
#[test]
fn every_phrase_the_code_says_has_its_message_in_every_language() {
    use allybook_core::words::{DocLanguage, Phrase, Words};
    let mut keys = BTreeSet::new();
    for (_, text) in sources() {
        for prefix in ["\"guidance.", "\"fit.", "\"invalid."] {
            for (at, _) in text.match_indices(prefix) {
                let rest = &text[at + 1..];
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                    .collect();
                if rest[key.len()..].starts_with('"') && !key.ends_with('.') {
                    keys.insert(key);
                }
            }
        }
    }
    assert!(keys.len() > 40, "{keys:?}");
    for lang in DocLanguage::ALL {
        let w = Words::new(lang);
        let missing: Vec<&String> = keys
            .iter()
            .filter(|k| {
                let said = w.phrase(&Phrase::new(k, &[]));
                said == k.replace('.', "-")
            })
            .collect();
        assert!(
            missing.is_empty(),
            "{}: no message for {missing:?}",
            lang.code()
        );
    }
}
