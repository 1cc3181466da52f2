//! The HTTP test harness shared by the test files: the real router on a fresh database, a
//! form poster that keeps status, redirect, error code and session cookie, and the matrix check.

#![allow(dead_code, reason = "each test file uses part of the harness")]

use app::server::db::Db;
use app::server::db::demo::DEMO_PASSWORD;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use shegong::config::Config;
use tower::ServiceExt;

/// The real router on a fresh SQLite database with demo data.
#[derive(Clone)]
pub struct Harness {
    /// The router.
    pub router: Router,
    /// Its database.
    pub db: Db,
}

/// A fresh harness.
pub async fn harness() -> Harness {
    harness_with(Vec::new()).await
}

/// A fresh harness behind the given trusted proxies.
pub async fn harness_with(trusted_proxies: Vec<app::server::config::AddressRange>) -> Harness {
    harness_on(trusted_proxies, "target/site").await
}

/// A fresh harness serving the built files of `site_root`.
pub async fn harness_with_site(site_root: &str) -> Harness {
    harness_on(Vec::new(), site_root).await
}

async fn harness_on(
    trusted_proxies: Vec<app::server::config::AddressRange>,
    site_root: &str,
) -> Harness {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("shegong_http_{}_{n}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite://{}", path.display());
    let db = Db::connect(&url).await.expect("db");
    let hash = app::server::password::hash_now(DEMO_PASSWORD).expect("hash");
    db.load_demo(&hash).await.expect("demo");
    let config = Config {
        database_url: url,
        addr: "127.0.0.1:0".parse().expect("addr"),
        site_root: site_root.into(),
        secure_cookies: false,
        demo: true,
        trusted_proxies,
        public_origin: None,
        page_cache: true,
        hash_slots: 1,
    };
    Harness {
        router: shegong::router(db.clone(), &config),
        db,
    }
}

/// What came back.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub location: Option<String>,
    /// The error code of a refused form post (its page is rendered again, not redirected).
    pub error: Option<String>,
    pub cookie: Option<String>,
    pub body: String,
    /// The body as it came (a workbook is not text).
    pub bytes: Vec<u8>,
}

impl Harness {
    /// Posts a form.
    pub async fn post(&self, path: &str, cookie: Option<&str>, form: &str) -> Reply {
        self.send("POST", path, cookie, &[], form.as_bytes().to_vec())
            .await
    }

    /// Uploads `file` to the CSV import as a multipart form, as the import page's form does.
    pub async fn upload(&self, cookie: Option<&str>, kind: &str, file: &str) -> Reply {
        self.upload_bytes(cookie, kind, file.as_bytes()).await
    }

    /// [`Harness::upload`] of a file in any encoding.
    pub async fn upload_bytes(&self, cookie: Option<&str>, kind: &str, file: &[u8]) -> Reply {
        let boundary = "XyZ";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send(
            "POST",
            "/volunteers/import",
            cookie,
            &[("content-type", content_type.as_str())],
            body,
        )
        .await
    }

    /// GETs a page or file.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        self.send("GET", path, cookie, &[], Vec::new()).await
    }

    /// Sends any request with extra headers (a form body when `body` is not empty).
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::REFERER, "http://localhost/");
        if !body.is_empty()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        if let Some(cookie) = cookie {
            req = req.header(header::COOKIE, cookie);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(Body::from(body)).expect("request"))
            .await
            .expect("response");
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let error = res
            .headers()
            .get("x-shegong-error")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let cookie = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("shegong_session="))
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 8 << 20)
            .await
            .expect("body");
        Reply {
            status,
            headers,
            location,
            error,
            cookie,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// Signs in as a demo account and returns the session cookie.
    pub async fn sign_in(&self, username: &str) -> String {
        let reply = self
            .post(
                "/api/auth/login",
                None,
                &format!("username={username}&password={DEMO_PASSWORD}"),
            )
            .await;
        reply
            .cookie
            .unwrap_or_else(|| panic!("{username} signs in: {:?}", reply.location))
    }

    /// A visitor and each of `users`, signed in: the callers of a matrix row.
    pub async fn callers(&self, users: &[&'static str]) -> Vec<(&'static str, Option<String>)> {
        let mut who = vec![("visitor", None)];
        for user in users {
            who.push((*user, Some(self.sign_in(user).await)));
        }
        who
    }

    /// The id of a demo account.
    pub async fn user_id(&self, username: &str) -> i64 {
        self.db
            .find_login(username)
            .await
            .expect("find")
            .expect("exists")
            .id
    }

    /// The id of a station by name.
    pub async fn station_id(&self, name: &str) -> i64 {
        let stations = self.db.stations().await.expect("stations");
        stations
            .into_iter()
            .find(|s| s.name == name)
            .expect("station")
            .id
    }
}

/// Calls each endpoint as each person and checks every answer against the expected row.
pub async fn assert_matrix<const N: usize>(
    h: &Harness,
    who: &[(&str, Option<String>)],
    expected: &[(&str, &str, [&str; N])],
) {
    for (endpoint, form, answers) in expected {
        for ((name, cookie), want) in who.iter().zip(answers) {
            let reply = h.post(endpoint, cookie.as_deref(), form).await;
            assert_eq!(
                outcome(&reply),
                *want,
                "{name} calling {endpoint}: {}",
                reply.body
            );
        }
    }
}

/// What a data server function answered: `Ok` or the error variant's name.
pub fn outcome(reply: &Reply) -> &'static str {
    if reply.status.is_success() {
        return "ok";
    }
    for name in ["NotSignedIn", "Forbidden", "NotFound"] {
        if reply.body.contains(name) {
            return name;
        }
    }
    "other"
}

/// What a form server function did: where it sent the browser, or the error its re-rendered
/// page carries (with the status that error calls for).
pub fn form_outcome(reply: &Reply) -> String {
    if let Some(code) = &reply.error {
        let want = match code.as_str() {
            "forbidden" => StatusCode::FORBIDDEN,
            "not_found" => StatusCode::NOT_FOUND,
            _ => reply.status,
        };
        assert_eq!(reply.status, want, "status of {code}");
        return match code.as_str() {
            "forbidden" | "not_found" => code.clone(),
            other => format!("error={other}"),
        };
    }
    let location = reply
        .location
        .clone()
        .unwrap_or_else(|| format!("{} {}", reply.status, reply.body));
    if location.starts_with("/login?next=") {
        "sign_in".into()
    } else if location.contains("saved=") {
        "saved".into()
    } else {
        location
    }
}
