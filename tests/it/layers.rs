//! The import map, checked: no two modules import each other (directly or
//! round a longer circle), and no module imports the crate root it lives
//! under (an import "running back up"). The workspace split lets the
//! compiler keep the core free of the command line; these keep each
//! crate's own modules in order (issue 23).
//!
//! Modules are files (`a/b.rs` and `a/b/mod.rs` are `a::b`). An edge is a
//! `crate::…` or `super::…` path outside tests and comments, resolved to
//! the longest module it names; a module's use of its own ancestors or
//! descendants is not an edge (a parent declares its children).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, as (module path, source).
fn modules(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(root).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                // Binaries beside lib.rs are crates of their own.
                if rel == Path::new("main") || parts.first().is_some_and(|f| f == "bin") {
                    continue;
                }
                let src = std::fs::read_to_string(&p).unwrap();
                out.insert(parts.join("::"), strip(&src));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The source without its tests and comments (doc links are not imports).
fn strip(src: &str) -> String {
    let code = match src.find("#[cfg(test)]") {
        Some(i) => &src[..i],
        None => src,
    };
    code.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn related(a: &str, b: &str) -> bool {
    let under = |x: &str, y: &str| y.is_empty() || x == y || x.starts_with(&format!("{y}::"));
    under(a, b) || under(b, a)
}

/// The module each `crate::`/`super::` path in `src` names.
fn edges(module: &str, src: &str, mods: &BTreeSet<String>) -> BTreeSet<String> {
    let resolve = |path: &str| -> Option<String> {
        let segs: Vec<&str> = path.split("::").collect();
        // A module of another crate, re-exported at the root (the CLI's
        // `pub use chopvault_core::{store, …}`): not this crate's concern.
        if mods.contains(&format!("<extern>::{}", segs[0])) {
            return None;
        }
        (0..=segs.len())
            .rev()
            .map(|n| segs[..n].join("::"))
            .find(|m| mods.contains(m))
    };
    let mut out = BTreeSet::new();
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut add = |path: String| {
        if let Some(t) = resolve(&path)
            && (t.is_empty() || !related(module, &t))
        {
            out.insert(t);
        }
    };
    for (i, _) in src.match_indices("crate::") {
        if src[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::` in a macro, or `foo_crate::`
        }
        let rest = &src[i + "crate::".len()..];
        if rest.starts_with('{') {
            // `use crate::{a::b, c::{d, e}}`: each leaf of the use tree.
            let end = rest.find(';').unwrap_or(rest.len());
            for leaf in use_leaves(&rest[..end]) {
                add(leaf);
            }
        } else {
            let path: String = rest.chars().take_while(|&c| ident(c)).collect();
            add(path.trim_end_matches(':').to_string());
        }
    }
    let parent: Vec<&str> = module.split("::").collect();
    for (i, _) in src.match_indices("super::") {
        if src[..i].ends_with("super::") {
            continue; // counted at the first `super::`
        }
        let mut rest = &src[i..];
        let mut up = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            up += 1;
        }
        let Some(keep) = parent.len().checked_sub(up) else {
            continue;
        };
        let path: String = rest.chars().take_while(|&c| ident(c)).collect();
        let mut full: Vec<&str> = parent[..keep].to_vec();
        full.extend(path.trim_end_matches(':').split("::"));
        add(full.join("::"));
    }
    out
}

/// The full paths of a use tree's leaves: `{a::b, c::{d, e as f}}` gives
/// `a::b`, `c::d`, `c::e`.
fn use_leaves(tree: &str) -> Vec<String> {
    fn go(s: &[char], i: &mut usize, prefix: &str, out: &mut Vec<String>) {
        // At a `{`: items separated by commas until the matching `}`.
        *i += 1;
        let mut item = String::new();
        while *i < s.len() {
            match s[*i] {
                '{' => {
                    let p = format!("{prefix}{}", item.trim());
                    go(s, i, &p, out);
                    item.clear();
                    continue; // `go` stopped after the `}`
                }
                ',' | '}' => {
                    let leaf = item.split(" as ").next().unwrap_or("").trim();
                    if !leaf.is_empty() && leaf != "self" {
                        out.push(format!("{prefix}{leaf}"));
                    } else if leaf == "self" {
                        out.push(prefix.trim_end_matches("::").to_string());
                    }
                    item.clear();
                    if s[*i] == '}' {
                        *i += 1;
                        return;
                    }
                }
                c => item.push(c),
            }
            *i += 1;
        }
    }
    let s: Vec<char> = tree
        .chars()
        .filter(|c| !c.is_whitespace() || *c == ' ')
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    go(&s, &mut i, "", &mut out);
    out
}

/// Circles in the graph (Tarjan's strongly connected components of more
/// than one module).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'g> {
        g: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on: BTreeSet<&'g str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    impl<'g> T<'g> {
        fn visit(&mut self, v: &'g str) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on.insert(v);
            for w in self.g.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let l = self.low[v].min(self.low[w]);
                    self.low.insert(v, l);
                } else if self.on.contains(w) {
                    let l = self.low[v].min(self.index[w]);
                    self.low.insert(v, l);
                }
            }
            if self.low[v] == self.index[v] {
                let mut scc = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    scc.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 {
                    scc.sort();
                    self.out.push(scc);
                }
            }
        }
    }
    let mut t = T {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out
}

/// The modules of other crates a crate root re-exports (`pub use
/// other_crate::{a, b};`), marked `<extern>::NAME`.
fn reexported(root: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in root.match_indices("pub use ") {
        let rest = &root[i + "pub use ".len()..];
        let Some(end) = rest.find(';') else { continue };
        let stmt = &rest[..end];
        if stmt.starts_with("crate::") || stmt.starts_with("self::") {
            continue;
        }
        if let Some(open) = stmt.find("::{") {
            out.extend(
                stmt[open + 3..]
                    .trim_end_matches('}')
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| format!("<extern>::{n}")),
            );
        }
    }
    out
}

/// Each crate's source folder: the CLI's `src/` and the workspace's crates.
fn crates() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![root.join("src")];
    if let Ok(dirs) = std::fs::read_dir(root.join("crates")) {
        out.extend(dirs.flatten().map(|d| d.path().join("src")));
    }
    out
}

#[test]
fn no_module_imports_in_a_circle_or_back_up_to_its_crate_root() {
    let mut faults = Vec::new();
    for dir in crates() {
        let mods = modules(&dir);
        let mut names: BTreeSet<String> = mods.keys().cloned().collect();
        names.extend(reexported(mods.get("").map_or("", String::as_str)));
        let mut graph = BTreeMap::new();
        for (m, src) in &mods {
            let e = edges(m, src, &names);
            if !m.is_empty() && e.contains("") {
                faults.push(format!(
                    "{}: `{m}` imports its crate root (move what it uses down)",
                    dir.display()
                ));
            }
            graph.insert(m.clone(), e.into_iter().filter(|t| !t.is_empty()).collect());
        }
        for c in circles(&graph) {
            faults.push(format!("{}: circle {}", dir.display(), c.join(" ⇄ ")));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_checker_sees_a_circle_and_an_import_of_the_root() {
    let names: BTreeSet<String> = ["", "a", "b", "b::c"].map(String::from).into();
    let a = edges("a", "use crate::b::c::X;", &names);
    let c = edges(
        "b::c",
        "use super::super::a;\nfn f() { crate::helper(); }",
        &names,
    );
    assert_eq!(a, ["b::c".to_string()].into());
    assert_eq!(c, ["a".to_string(), String::new()].into());
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a".to_string(), a), ("b::c".to_string(), c)].into();
    assert_eq!(
        circles(&graph),
        vec![vec!["a".to_string(), "b::c".to_string()]]
    );
    assert_eq!(
        use_leaves("{a::b, c::{d, e as f}, g::{self, h}}"),
        ["a::b", "c::d", "c::e", "g", "g::h"]
    );
    // A parent and its child are not a circle; `$crate::` is no import.
    assert!(edges("b", "use crate::b::c; $crate::a::x", &names).is_empty());
}

/// The kinds of store, as `store_kinds!` in `crates/core/src/store/mod.rs`
/// registers them (`Keyring => keyring::BACKEND,`).
fn store_kinds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(root.join("crates/core/src/store/mod.rs")).unwrap();
    let list = &src[src.find("store_kinds! {").expect("the list of kinds")..];
    let list = &list[list.find("pub enum StoreKind {").unwrap()..];
    list.lines()
        .skip(1)
        .take_while(|l| l.trim() != "}")
        .filter_map(|l| l.trim().split_once(" => ").map(|(k, _)| k.to_string()))
        .collect()
}

/// Issue 23: "which store" was written in a dozen places (config, cli,
/// context, init, migrate, doctor, reindex, say), each a `match` naming
/// every kind, so a new store touched them all. Each kind now answers for
/// itself in its own modules; only the two registrations (the core's
/// `store_kinds!`, the command line's `context::cli_of`) name every kind.
#[test]
fn only_the_registrations_name_every_kind_of_store() {
    let kinds = store_kinds();
    assert!(kinds.len() >= 3, "kinds read from store/mod.rs: {kinds:?}");
    let allowed = ["store", "context"];
    let mut faults = Vec::new();
    for dir in crates() {
        for (module, src) in modules(&dir) {
            let names_each = kinds
                .iter()
                .all(|k| src.contains(&format!("StoreKind::{k}")));
            if names_each && !allowed.contains(&module.as_str()) {
                faults.push(format!(
                    "{}: `{module}` names every kind of store: ask the kind's backend \
                     (`store::backend`) or its module under `context/` instead",
                    dir.display()
                ));
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}
