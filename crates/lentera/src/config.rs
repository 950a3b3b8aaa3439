//! Configuration, in this order (later wins): built-in defaults, an optional TOML file
//! (`--config FILE`, or `LENTERA_CONFIG`, or `./lentera.toml` when present), `LENTERA_*`
//! environment variables, then command-line flags. Loading writes nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the database lives (and the files, unless `files_dir` says otherwise).
    pub data_dir: PathBuf,
    /// Where uploaded photos and documents are kept; with several app servers, a directory
    /// they all share. Default: `files` in the data directory.
    pub files_dir: Option<PathBuf>,
    /// Address to listen on.
    pub bind: String,
    /// Minutes of inactivity before a session ends.
    pub session_idle_minutes: i64,
    /// Mark cookies Secure (behind HTTPS).
    pub secure_cookies: bool,
    /// Log filter, e.g. "info" or "lentera=debug".
    pub log: String,
    /// Review levels for reports: 2 = regency verifies, province approves; 1 = regency approves.
    pub approval_levels: u8,
    /// Monthly reports are due by the end of this day of the next month (1–28).
    pub report_deadline_day: u8,
    /// KPI colour thresholds (`[kpi]` table).
    pub kpi: lentera_core::kpi::Thresholds,
    /// Mapping for the DHIS2 export (`[dhis2]` table: `data_elements`, `org_units`,
    /// `org_unit_prefix`, `category_option_combo`).
    pub dhis2: lentera_core::dhis2::Mapping,
    /// Seconds a connection has to send a request head (silent and idle ones are closed).
    pub header_timeout_secs: u64,
    /// Connections served at once; more wait in the listen queue.
    pub max_connections: usize,
    /// The address people reach Lentera at, e.g. `https://lentera.example.go.id`: the base of
    /// every absolute link (QR codes, certificate checks, share links). Default: the address
    /// the server listens on.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (e.g. `["127.0.0.1"]`);
    /// from anyone else the header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("lentera-data"),
            files_dir: None,
            bind: "127.0.0.1:8080".into(),
            session_idle_minutes: 120,
            secure_cookies: false,
            log: "info".into(),
            approval_levels: 2,
            report_deadline_day: 10,
            kpi: Default::default(),
            dhis2: Default::default(),
            header_timeout_secs: 20,
            max_connections: 1024,
            public_url: None,
            trusted_proxies: Vec::new(),
        }
    }
}

/// Values given on the command line (each overrides everything else).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub files_dir: Option<PathBuf>,
    pub bind: Option<String>,
}

impl Config {
    pub fn load(flags: &Overrides, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, String> {
        let mut cfg = Config::default();
        let file = flags.config_file.clone().or_else(|| env("LENTERA_CONFIG").map(PathBuf::from));
        let file = match file {
            Some(f) => Some(f),
            None if Path::new("lentera.toml").exists() => Some(PathBuf::from("lentera.toml")),
            None => None,
        };
        if let Some(f) = file {
            let text =
                std::fs::read_to_string(&f).map_err(|e| format!("cannot read config file {}: {e}", f.display()))?;
            cfg = toml::from_str(&text).map_err(|e| format!("config file {}: {e}", f.display()))?;
        }
        if let Some(v) = env("LENTERA_DATA_DIR") {
            cfg.data_dir = v.into();
        }
        if let Some(v) = env("LENTERA_BIND") {
            cfg.bind = v;
        }
        if let Some(v) = env("LENTERA_SESSION_IDLE_MINUTES") {
            cfg.session_idle_minutes =
                v.parse().map_err(|_| format!("LENTERA_SESSION_IDLE_MINUTES: not a number: {v}"))?;
        }
        if let Some(v) = env("LENTERA_SECURE_COOKIES") {
            cfg.secure_cookies = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if let Some(v) = env("LENTERA_LOG") {
            cfg.log = v;
        }
        if let Some(v) = env("LENTERA_APPROVAL_LEVELS") {
            cfg.approval_levels = v.parse().map_err(|_| format!("LENTERA_APPROVAL_LEVELS: not a number: {v}"))?;
        }
        if let Some(v) = env("LENTERA_HEADER_TIMEOUT_SECS") {
            cfg.header_timeout_secs =
                v.parse().map_err(|_| format!("LENTERA_HEADER_TIMEOUT_SECS: not a number: {v}"))?;
        }
        if let Some(v) = env("LENTERA_MAX_CONNECTIONS") {
            cfg.max_connections = v.parse().map_err(|_| format!("LENTERA_MAX_CONNECTIONS: not a number: {v}"))?;
        }
        if let Some(v) = env("LENTERA_PUBLIC_URL") {
            cfg.public_url = Some(v);
        }
        if let Some(v) = env("LENTERA_TRUSTED_PROXIES") {
            cfg.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| a.parse().map_err(|_| format!("LENTERA_TRUSTED_PROXIES: not an IP address: {a}")))
                .collect::<Result<_, _>>()?;
        }
        if let Some(v) = env("LENTERA_FILES_DIR") {
            cfg.files_dir = Some(v.into());
        }
        if let Some(v) = &flags.data_dir {
            cfg.data_dir = v.clone();
        }
        if let Some(v) = &flags.files_dir {
            cfg.files_dir = Some(v.clone());
        }
        if let Some(v) = &flags.bind {
            cfg.bind = v.clone();
        }
        if let Some(v) = env("LENTERA_REPORT_DEADLINE_DAY") {
            cfg.report_deadline_day =
                v.parse().map_err(|_| format!("LENTERA_REPORT_DEADLINE_DAY: not a number: {v}"))?;
        }
        if !(1..=28).contains(&cfg.report_deadline_day) {
            return Err("report_deadline_day must be between 1 and 28".into());
        }
        cfg.public_url = cfg.public_url.as_deref().map(lentera_web::proxy::public_url).transpose()?;
        cfg.kpi.check()?;
        cfg.dhis2.check()?;
        if !(1..=2).contains(&cfg.approval_levels) {
            return Err("approval_levels must be 1 or 2".into());
        }
        if !(1..=600).contains(&cfg.header_timeout_secs) {
            return Err("header_timeout_secs must be between 1 and 600".into());
        }
        if !(1..=100_000).contains(&cfg.max_connections) {
            return Err("max_connections must be between 1 and 100000".into());
        }
        if !(1..=60 * 24 * 30).contains(&cfg.session_idle_minutes) {
            return Err("session_idle_minutes must be between 1 and 43200".into());
        }
        Ok(cfg)
    }

    /// Where uploaded files are kept.
    pub fn files_dir(&self) -> PathBuf {
        self.files_dir.clone().unwrap_or_else(|| self.data_dir.join("files"))
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_defaults_file_env_flags() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("l.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\ndata_dir = \"/from-file\"\nsession_idle_minutes = 30\n")
            .unwrap();
        let env = |k: &str| match k {
            "LENTERA_DATA_DIR" => Some("/from-env".to_string()),
            _ => None,
        };
        let flags = Overrides { config_file: Some(file.clone()), ..Default::default() };
        let c = Config::load(&flags, &env).unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert_eq!(c.data_dir, PathBuf::from("/from-env"));
        assert_eq!(c.session_idle_minutes, 30);
        let flags =
            Overrides { config_file: Some(file.clone()), data_dir: Some("/from-flag".into()), ..Default::default() };
        let c = Config::load(&flags, &env).unwrap();
        assert_eq!(
            (c.data_dir.clone(), c.files_dir()),
            (PathBuf::from("/from-flag"), PathBuf::from("/from-flag/files"))
        );
        let shared = Overrides { files_dir: Some("/srv/lentera-files".into()), ..flags };
        assert_eq!(Config::load(&shared, &env).unwrap().files_dir(), PathBuf::from("/srv/lentera-files"));
        std::fs::write(&file, "[kpi]\nactivities_green = 4\nactivities_yellow = 2\n").unwrap();
        let c = Config::load(&Overrides { config_file: Some(file.clone()), ..Default::default() }, &|_| None).unwrap();
        assert_eq!((c.kpi.activities_green, c.kpi.activities_yellow, c.kpi.participants_green), (4, 2, 40));
        std::fs::write(&file, "[kpi]\nactivities_green = 1\nactivities_yellow = 2\n").unwrap();
        assert!(Config::load(&Overrides { config_file: Some(file.clone()), ..Default::default() }, &|_| None).is_err());
        std::fs::write(&file, "[dhis2]\norg_unit_prefix = \"ID-\"\n[dhis2.data_elements]\nparticipants = \"abc123\"\n")
            .unwrap();
        let c = Config::load(&Overrides { config_file: Some(file.clone()), ..Default::default() }, &|_| None).unwrap();
        assert_eq!((c.dhis2.data_elements.len(), c.dhis2.org_unit_prefix.as_str()), (1, "ID-"));
        std::fs::write(&file, "[dhis2.data_elements]\nparticipant = \"abc123\"\n").unwrap();
        assert!(
            Config::load(&Overrides { config_file: Some(file.clone()), ..Default::default() }, &|_| None).is_err(),
            "typo refused"
        );
        std::fs::write(&file, "public_url = \"https://lentera.example.go.id/\"\ntrusted_proxies = [\"127.0.0.1\"]\n")
            .unwrap();
        let c = Config::load(&Overrides { config_file: Some(file.clone()), ..Default::default() }, &|_| None).unwrap();
        assert_eq!(c.public_url.as_deref(), Some("https://lentera.example.go.id"));
        assert_eq!(c.trusted_proxies, ["127.0.0.1".parse::<std::net::IpAddr>().unwrap()]);
        let env = |k: &str| (k == "LENTERA_PUBLIC_URL").then(|| "lentera.example".to_string());
        assert!(Config::load(&Overrides::default(), &env).is_err(), "a public URL needs its scheme");
        let env = |k: &str| (k == "LENTERA_TRUSTED_PROXIES").then(|| "10.0.0.1, nope".to_string());
        assert!(Config::load(&Overrides::default(), &env).is_err());
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "nonsense = 1\n").unwrap();
        assert!(Config::load(&Overrides { config_file: Some(bad), ..Default::default() }, &|_| None).is_err());
    }
}
