//! Invariants of the built app (ARCHITECTURE.md lists the same): the `allybook` executable —
//! what runs headless on a server or in a script — loads no GTK or WebKit; the shell's sources
//! hold no SQL (the core's store is the only place with it).

use std::path::Path;
use std::process::Command;

/// The shared libraries the executable loads, as the dynamic loader resolves them (`ldd`,
/// transitively); None where `ldd` is missing.
fn loaded_libraries(exe: &str) -> Option<Vec<String>> {
    let out = Command::new("ldd").arg(exe).output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect()
    })
}

#[test]
fn the_executable_loads_no_gtk_or_webkit() {
    let exe = env!("CARGO_BIN_EXE_allybook");
    let Some(libs) = loaded_libraries(exe) else {
        println!("note: ldd is not installed; the executable's libraries were not checked");
        return;
    };
    assert!(
        libs.iter().any(|l| l.starts_with("libc.so")),
        "ldd listed the libraries: {libs:?}"
    );
    let gui: Vec<&String> = libs
        .iter()
        .filter(|l| {
            [
                "libgtk",
                "libgdk",
                "libwebkit",
                "libjavascriptcore",
                "libsoup",
            ]
            .iter()
            .any(|g| l.starts_with(g))
        })
        .collect();
    assert!(
        gui.is_empty(),
        "the executable must run without a desktop; it loads {gui:?} (the window library may, \
         loaded only when a window opens)"
    );
}

#[test]
fn the_shell_holds_no_sql() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("src-tauri") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        for (n, line) in text.lines().enumerate() {
            let quoted = line.split('"').skip(1).step_by(2);
            let sql = quoted.into_iter().any(|s| {
                ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", "PRAGMA "]
                    .iter()
                    .any(|k| s.trim_start().starts_with(k))
            });
            if sql || line.contains(".execute(") || line.contains(".query_row(") {
                found.push(format!("{}:{}", path.display(), n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "SQL in the shell (it belongs in the core's store/queries): {found:?}"
    );
}
