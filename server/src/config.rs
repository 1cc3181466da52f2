//! Command line and environment, parsed by clap: every setting is a flag and an environment
//! variable (`shegong --help` lists them with their defaults).

use std::net::SocketAddr;

use app::model::station::StationKind;
use app::server::config::AddressRange;
use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand};

/// `shegong`: the command line.
#[derive(Debug, Parser)]
#[command(
    name = "shegong",
    version,
    about = "shegong — 社工站成长台账 (Shegong)"
)]
pub struct Cli {
    /// Settings every command shares.
    #[command(flatten)]
    pub config: Config,
    /// What to do (serve when none is given).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Settings shared by every command.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// The database, and so the backend: sqlite://FILE or postgres://USER:PASS@HOST/DB.
    #[arg(
        long,
        env = "SHEGONG_DATABASE_URL",
        default_value = "sqlite://data/shegong.db",
        global = true
    )]
    pub database_url: String,
    /// The address to listen on.
    #[arg(
        long,
        env = "SHEGONG_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: SocketAddr,
    /// The folder with the built CSS, JS and WASM.
    #[arg(
        long,
        env = "SHEGONG_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: String,
    /// Served over HTTPS: cookies are marked Secure and HSTS is sent.
    #[arg(long, env = "SHEGONG_SECURE_COOKIES", global = true, value_parser = BoolishValueParser::new())]
    pub secure_cookies: bool,
    /// Load demo data into an empty database.
    #[arg(long, env = "SHEGONG_DEMO", global = true, value_parser = BoolishValueParser::new())]
    pub demo: bool,
    /// Reverse proxies (addresses or ranges, e.g. 127.0.0.1,10.0.0.0/8) whose
    /// X-Forwarded-For is believed.
    #[arg(
        long,
        env = "SHEGONG_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = parse_range,
        global = true
    )]
    pub trusted_proxies: Vec<AddressRange>,
    /// Keep rendered list, report and overview pages in memory until the data changes (on by
    /// default; `false` renders every page from the database, as the first view after a
    /// write does: `make bench` measures both).
    #[arg(
        long,
        env = "SHEGONG_PAGE_CACHE",
        default_value_t = true,
        action = clap::ArgAction::Set,
        value_parser = BoolishValueParser::new(),
        global = true
    )]
    pub page_cache: bool,
    /// Passwords checked at once (1 to 8). Each check holds 7 MiB while it runs (19 MiB for a
    /// hash stored before that setting): one keeps the server within 64 MB under a burst of
    /// sign-ins and checks over a dozen a second.
    #[arg(
        long,
        env = "SHEGONG_HASH_SLOTS",
        default_value_t = 1,
        value_parser = clap::value_parser!(u8).range(1..=i64::from(app::server::password::MAX_SLOTS)),
        global = true
    )]
    pub hash_slots: u8,
    /// The site's address as browsers see it (e.g. https://shegong.example.cn), when a proxy
    /// rewrites Host.
    #[arg(long, env = "SHEGONG_PUBLIC_ORIGIN", value_parser = parse_origin, global = true)]
    pub public_origin: Option<String>,
}

/// What to do.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Start the web server (the default).
    Serve,
    /// Accounts for running an install.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Grow the database to province scale for measuring speed (`make bench`): cities,
    /// counties and stations under the root, volunteers and a year of confirmed records, and
    /// the accounts bench.city, bench.county and bench.station (password shegong-demo). Never
    /// on a real install's database.
    BenchData {
        /// Cities under the root.
        #[arg(long, default_value_t = 14)]
        cities: i64,
        /// Counties over the cities.
        #[arg(long, default_value_t = 122)]
        counties: i64,
        /// Township stations over the counties.
        #[arg(long, default_value_t = 1940)]
        stations: i64,
        /// Volunteers over the stations.
        #[arg(long, default_value_t = 200_000)]
        volunteers: i64,
        /// Confirmed hour records over the volunteers (a year back from today).
        #[arg(long, default_value_t = 5_000_000)]
        records: i64,
    },
}

/// `shegong admin …`.
#[derive(Debug, Clone, Subcommand)]
pub enum AdminCommand {
    /// Create a county-level administrator (the first account of a real install). The password
    /// is read from SHEGONG_ADMIN_PASSWORD or stdin.
    Create {
        /// Sign-in name.
        #[arg(long)]
        username: String,
        /// The person's name (姓名).
        #[arg(long)]
        name: String,
        /// The name of the top of the tree (the county station, or the city or province of a
        /// larger deployment), used when no station exists yet; the administrator works there.
        #[arg(long, default_value = "县社会工作服务站")]
        county: String,
        /// What the top of the tree is when it is created: province, city or county.
        #[arg(long, default_value = "county", value_parser = parse_kind)]
        kind: StationKind,
    },
    /// Add a node under an existing one: a city under the province, a county under a city, a
    /// station under a county. Its kind follows from the parent's.
    AddStation {
        /// The existing node's exact name.
        #[arg(long)]
        parent: String,
        /// The new node's name (unique).
        #[arg(long)]
        name: String,
    },
}

fn parse_kind(text: &str) -> Result<StationKind, String> {
    StationKind::parse(text.trim())
        .filter(|k| *k != StationKind::Station)
        .ok_or_else(|| format!("{text:?} is not province, city or county"))
}

fn parse_range(text: &str) -> Result<AddressRange, String> {
    AddressRange::parse(text).ok_or_else(|| format!("{text:?} is not an address or range"))
}

fn parse_origin(text: &str) -> Result<String, String> {
    let origin = text.trim().trim_end_matches('/');
    if origin.starts_with("http://") || origin.starts_with("https://") {
        Ok(origin.to_owned())
    } else {
        Err(format!(
            "must look like https://shegong.example.cn, got {text:?}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("shegong").chain(args.iter().copied()))
    }

    #[test]
    fn serve_is_the_default_and_settings_parse() {
        let cli = parse(&["--demo", "--trusted-proxies", "127.0.0.1,10.0.0.0/8"]).expect("parses");
        assert!(cli.command.is_none());
        assert!(cli.config.demo);
        assert_eq!(cli.config.trusted_proxies.len(), 2);
        let cli = parse(&["serve", "--public-origin", "https://a.example.cn/"]).expect("parses");
        assert!(matches!(cli.command, Some(Command::Serve)));
        assert_eq!(
            cli.config.public_origin.as_deref(),
            Some("https://a.example.cn")
        );
    }

    #[test]
    fn admin_create_needs_its_names_and_bad_values_are_refused() {
        let cli =
            parse(&["admin", "create", "--username", "zhouj", "--name", "周建国"]).expect("parses");
        assert!(matches!(
            cli.command,
            Some(Command::Admin(AdminCommand::Create { ref county, .. })) if county == "县社会工作服务站"
        ));
        assert!(parse(&["admin", "create", "--username", "zhouj"]).is_err());
        assert!(parse(&["--trusted-proxies", "example.com"]).is_err());
        assert!(parse(&["--public-origin", "shegong.example.cn"]).is_err());
        assert!(parse(&["--addr", "here"]).is_err());
        assert!(parse(&["frobnicate"]).is_err());
    }
}
