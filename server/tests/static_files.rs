//! The built files: pages name them by a hash of their content, so a phone keeps them for a
//! year; each is sent as the build compressed it; HTML is never kept.

mod support;

use axum::http::StatusCode;
use support::harness_with_site;

/// A site folder as the build leaves it: the files, their brotli twins and the version.
fn built_site() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("shegong_site_{}", std::process::id()));
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg");
    std::fs::write(pkg.join("VERSION"), "0a1b2c3d4e5f6a7b\n").expect("version");
    std::fs::write(pkg.join("shegong.css"), "body{color:#111}").expect("css");
    std::fs::write(
        pkg.join("shegong.css.br"),
        b"\x0b\x07\x80body{color:#111}\x03",
    )
    .expect("br");
    std::fs::write(dir.join("favicon.ico"), b"\0\0\x01\0").expect("icon");
    dir
}

#[tokio::test]
async fn versioned_files_are_kept_a_year_and_sent_precompressed() {
    let site = built_site();
    let h = harness_with_site(site.to_str().expect("utf-8")).await;

    let page = h.get("/login", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<style>body{color:#111}</style>"),
        "the stylesheet is inside the page (one round trip less before the first paint)"
    );
    assert!(!page.body.contains("rel=\"stylesheet\""));
    assert!(
        page.body.contains("const pkg = \"/pkg/0a1b2c3d4e5f6a7b\""),
        "the islands load from the versioned folder"
    );
    assert!(
        !page.body.contains("rel=\"preload\""),
        "the WASM is fetched after the page, not preloaded against it"
    );
    assert_eq!(page.headers["cache-control"], "no-store");

    let css = h
        .send(
            "GET",
            "/pkg/0a1b2c3d4e5f6a7b/shegong.css",
            None,
            &[("accept-encoding", "br, gzip")],
            Vec::new(),
        )
        .await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(
        css.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        css.headers["content-encoding"], "br",
        "the build's brotli file"
    );
    assert!(
        css.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/css")
    );

    // Without the version: still there, but asked again each time.
    let plain = h.get("/pkg/shegong.css", None).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.headers["cache-control"], "no-cache");
    assert_eq!(plain.body, "body{color:#111}");

    // An old or made-up version, a path out of the folder: not found, never a panic.
    for path in [
        "/pkg/ffffffffffffffff/shegong.css",
        "/pkg/0a1b2c3d4e5f6a7b/../VERSION.css",
        "/pkg/0a1b2c3d4e5f6a7b/%2e%2e/%2e%2e/Cargo.toml",
        "/pkg/0a1b2c3d4e5f6a7b/missing.js",
    ] {
        let r = h.get(path, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(h.get("/favicon.ico", None).await.status, StatusCode::OK);
    let _ = std::fs::remove_dir_all(site);
}

#[tokio::test]
async fn only_pages_with_an_island_load_the_script_and_the_wasm() {
    let h = support::harness().await;
    let login = h.get("/login", None).await;
    assert!(
        login.body.contains("shegong_bg.wasm"),
        "the password toggle"
    );
    let coordinator = h.sign_in("coord.santang").await;
    for page in ["/", "/volunteers", "/hours", "/oversight"] {
        let r = h.get(page, Some(&coordinator)).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        assert!(!r.body.contains(".wasm"), "{page} loads no WASM");
        assert!(!r.body.contains("shegong.js"), "{page} loads no script");
    }
    let trainee = h.sign_in("trainee.santang").await;
    let form = h.get("/practice/new", Some(&trainee)).await;
    assert!(
        form.body.contains("shegong_bg.wasm"),
        "the Markdown preview"
    );
}
