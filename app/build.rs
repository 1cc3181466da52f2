//! Turns the translation files into a compile-time check: every literal key used with `t!`,
//! `tf!` or `key!` must exist in both `locales/zh-CN.json` and `locales/en.json`, and the two
//! files must hold the same keys with no empty sentence. A typo in a key is then a build error,
//! not a key shown to a social worker on a village road.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

fn load(dir: &std::path::Path, name: &str) -> BTreeMap<String, String> {
    let path = dir.join(name);
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{} is not a flat JSON object of strings: {e}",
            path.display()
        )
    })
}

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // `sqlx::migrate!` embeds the migration files when this crate compiles, and cargo cannot
    // see it read them: without this, a new migration alone builds a server without it.
    println!(
        "cargo:rerun-if-changed={}",
        manifest.join("../migrations").display()
    );
    let locales = manifest.join("../locales");
    let zh = load(&locales, "zh-CN.json");
    let en = load(&locales, "en.json");
    let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "locale files differ: only in zh-CN.json {only_zh:?}; only in en.json {only_en:?}"
    );
    let empty: Vec<_> = zh
        .iter()
        .chain(en.iter())
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| k)
        .collect();
    assert!(empty.is_empty(), "empty translations: {empty:?}");

    let mut out = String::from(
        "/// A translation key checked at compile time against both locale files.\n\
         macro_rules! key {\n",
    );
    for k in zh.keys() {
        assert!(
            !k.contains(['"', '\\']),
            "translation key {k:?} has a quote or backslash"
        );
        let _ = writeln!(out, "    (\"{k}\") => {{ \"{k}\" }};");
    }
    out.push_str(
        "    ($other:literal) => { compile_error!(concat!(\"no translation key \", $other, \
         \" in locales/zh-CN.json and locales/en.json\")) };\n}\n",
    );
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let dest = PathBuf::from(out_dir).join("translation_keys.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("writing {}: {e}", dest.display()));
}
