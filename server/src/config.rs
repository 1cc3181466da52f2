//! Command line and environment: what `shegong --help` prints, parsed into a `Command`.

use std::net::SocketAddr;

/// What `shegong --help` prints.
pub const HELP: &str = "\
shegong — 社工站成长台账 (Shegong)

USAGE:
    shegong [serve] [--demo]
    shegong admin create --username NAME --name 姓名 [--county 县级站点名称]
    shegong --help

COMMANDS:
    serve           Start the web server (the default).
    admin create    Create a county-level administrator (the first account of a real
                    install). The password is read from SHEGONG_ADMIN_PASSWORD or stdin.

OPTIONS:
    --demo          Load demo data into an empty database (same as SHEGONG_DEMO=1).

ENVIRONMENT (default in brackets):
    SHEGONG_DATABASE_URL    sqlite://FILE or postgres://USER:PASS@HOST/DB
                            [sqlite://data/shegong.db]
    SHEGONG_ADDR            address to listen on [127.0.0.1:3000]
    SHEGONG_SITE_ROOT       folder with the built CSS/JS/WASM [target/site]
    SHEGONG_SECURE_COOKIES  1 when served over HTTPS (marks cookies Secure, adds HSTS) [0]
    SHEGONG_TRUSTED_PROXIES addresses or ranges of reverse proxies whose X-Forwarded-For
                            is believed, e.g. 127.0.0.1,10.0.0.0/8 [none]
    SHEGONG_PUBLIC_ORIGIN   the site's address as browsers see it, e.g.
                            https://shegong.example.cn, when a proxy rewrites Host [unset]
    SHEGONG_DEMO            1 to load demo data into an empty database [0]
    SHEGONG_LOG             log filter, e.g. debug or info,sqlx=warn [info]
";

/// Settings shared by every command.
#[derive(Debug, Clone)]
pub struct Config {
    /// Which database, and so which backend.
    pub database_url: String,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Where cargo-leptos put the site.
    pub site_root: String,
    /// Cookies marked `Secure`.
    pub secure_cookies: bool,
    /// Load demo data.
    pub demo: bool,
    /// Reverse proxies whose forwarded client address is believed.
    pub trusted_proxies: Vec<app::server::config::AddressRange>,
    /// The public origin, when a proxy rewrites `Host`.
    pub public_origin: Option<String>,
}

/// What to do.
#[derive(Debug)]
pub enum Command {
    /// Print help.
    Help,
    /// Run the server.
    Serve(Config),
    /// Create a county admin.
    AdminCreate {
        /// Settings.
        config: Config,
        /// Sign-in name.
        username: String,
        /// Name.
        name: String,
        /// County station name, used when no station exists yet.
        county: String,
    },
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| matches!(v.as_str(), "1" | "true" | "yes"))
}

fn config_from_env() -> Result<Config, String> {
    let addr_text = std::env::var("SHEGONG_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let addr = addr_text
        .parse()
        .map_err(|_| format!("SHEGONG_ADDR must look like 127.0.0.1:3000, got {addr_text:?}"))?;
    let trusted_proxies = app::server::config::parse_ranges(
        &std::env::var("SHEGONG_TRUSTED_PROXIES").unwrap_or_default(),
    )
    .map_err(|bad| format!("SHEGONG_TRUSTED_PROXIES: {bad:?} is not an address or range"))?;
    let public_origin = std::env::var("SHEGONG_PUBLIC_ORIGIN")
        .ok()
        .map(|o| o.trim().trim_end_matches('/').to_owned())
        .filter(|o| !o.is_empty());
    if let Some(origin) = &public_origin
        && !(origin.starts_with("http://") || origin.starts_with("https://"))
    {
        return Err(format!(
            "SHEGONG_PUBLIC_ORIGIN must look like https://shegong.example.cn, got {origin:?}"
        ));
    }
    Ok(Config {
        trusted_proxies,
        public_origin,
        database_url: std::env::var("SHEGONG_DATABASE_URL")
            .unwrap_or_else(|_| "sqlite://data/shegong.db".into()),
        addr,
        site_root: std::env::var("SHEGONG_SITE_ROOT").unwrap_or_else(|_| "target/site".into()),
        secure_cookies: env_flag("SHEGONG_SECURE_COOKIES"),
        demo: env_flag("SHEGONG_DEMO"),
    })
}

/// Parses the arguments (without the program name).
pub fn parse(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let args: Vec<String> = args.collect();
    if args
        .iter()
        .any(|a| a == "--help" || a == "-h" || a == "help")
    {
        return Ok(Command::Help);
    }
    let mut config = config_from_env()?;
    match args.first().map(String::as_str) {
        None | Some("serve" | "--demo") => {
            for arg in &args {
                match arg.as_str() {
                    "serve" => {}
                    "--demo" => config.demo = true,
                    other => return Err(format!("unknown option {other:?}")),
                }
            }
            Ok(Command::Serve(config))
        }
        Some("admin") if args.get(1).map(String::as_str) == Some("create") => {
            let mut username = None;
            let mut name = None;
            let mut county = "县社会工作服务站".to_owned();
            let mut rest = args[2..].iter();
            while let Some(flag) = rest.next() {
                let value = rest
                    .next()
                    .ok_or_else(|| format!("{flag} needs a value"))?
                    .clone();
                match flag.as_str() {
                    "--username" => username = Some(value),
                    "--name" => name = Some(value),
                    "--county" => county = value,
                    other => return Err(format!("unknown option {other:?}")),
                }
            }
            Ok(Command::AdminCreate {
                config,
                username: username.ok_or("admin create needs --username")?,
                name: name.ok_or("admin create needs --name")?,
                county,
            })
        }
        Some(other) => Err(format!("unknown command {other:?}")),
    }
}
