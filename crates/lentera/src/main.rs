//! `lentera`: the one binary. Subcommands wire configuration, the SQLite store, the core
//! services and the web server together; no rules live here.
#![forbid(unsafe_code)]

mod bench;
mod config;
mod demo;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use lentera_core::access::Actor;
use lentera_core::library::LibraryFilter;
use lentera_core::services::{Env, accounts, libraries};
use lentera_core::store::{AccountStore, RegionStore};
use lentera_core::user::NewUserInput;
use lentera_store::SqliteStore;
use lentera_web::{AppState, WebConfig, library_io, tabular};

use config::{Config, Overrides};

#[derive(Parser)]
#[command(
    name = "lentera",
    version,
    about = "Lentera — sistem program TPBIS (Transformasi Perpustakaan Berbasis Inklusi Sosial)"
)]
struct Cli {
    /// TOML configuration file (default: ./lentera.toml when present; also LENTERA_CONFIG).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Data directory holding the database (default ./lentera-data; also LENTERA_DATA_DIR).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Where uploaded photos and documents are kept (default DATA_DIR/files; also
    /// LENTERA_FILES_DIR): a directory every app server shares.
    #[arg(long, global = true)]
    files_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server (creates the data directory and database when needed).
    Serve {
        /// Address to listen on (default 127.0.0.1:8080; also LENTERA_BIND). Port 0 picks a free port.
        #[arg(long)]
        bind: Option<String>,
        /// Fill an empty database with demo data and print the demo logins.
        #[arg(long)]
        demo: bool,
        /// Size of the demo data.
        #[arg(long, value_enum, default_value = "small")]
        demo_scale: DemoScale,
    },
    /// Create or upgrade the database schema and load the regions, then exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import libraries from a CSV or XLSX file (the template's columns).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export libraries to CSV or XLSX.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Generate deterministic demo data into an empty database.
    Demo {
        #[arg(long, value_enum, default_value = "small")]
        scale: DemoScale,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Check the configuration, schema, region list and database integrity.
    Check,
    /// Print the effective configuration as TOML.
    Config,
    /// Write a consistent copy of the database (safe while the server runs).
    Backup {
        /// The new file to write (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
    /// Measure start-up and query speed.
    Bench {
        /// How many cold starts to time.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Time only the queries whose name contains this text.
        #[arg(long)]
        only: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DemoScale {
    Small,
    National,
}

impl From<DemoScale> for demo::Scale {
    fn from(s: DemoScale) -> Self {
        match s {
            DemoScale::Small => demo::Scale::Small,
            DemoScale::National => demo::Scale::National,
        }
    }
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input.
    Create {
        #[arg(long)]
        username: String,
        /// national_admin, province_coordinator, regency_coordinator, library_manager, trainer, viewer.
        #[arg(long)]
        role: String,
        /// nation, a region code (35 or 35.07), library:ID, or npp:NPP of the library.
        #[arg(long)]
        scope: Option<String>,
        #[arg(long)]
        full_name: Option<String>,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Print a new API token for a user.
    Token {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "cli")]
        name: String,
    },
    /// List accounts.
    List,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportMode {
    /// Write nothing if any row fails.
    All,
    /// Write the valid rows.
    Valid,
    /// Only check.
    Check,
}

#[derive(Subcommand)]
enum ImportWhat {
    Libraries {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "all")]
        mode: ImportMode,
        /// Act as this user (their scope applies); default: the local operator.
        #[arg(long = "as")]
        as_user: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Xlsx,
}

#[derive(Subcommand)]
enum ExportWhat {
    Libraries {
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only libraries in this region subtree.
        #[arg(long)]
        region: Option<String>,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let bind = match &cli.command {
        Command::Serve { bind, .. } => bind.clone(),
        _ => None,
    };
    let flags = Overrides {
        config_file: cli.config.clone(),
        data_dir: cli.data_dir.clone(),
        files_dir: cli.files_dir.clone(),
        bind,
    };
    let cfg = match Config::load(&flags, &|k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("lentera: konfigurasi tidak valid / invalid configuration: {e}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&cfg.log).unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        // Colours only on a terminal: logs sent to a file or a collector stay plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match run(cli.command, cfg) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lentera: {e}");
            ExitCode::FAILURE
        }
    }
}

fn describe(e: lentera_core::Error) -> String {
    match e {
        lentera_core::Error::Validation(fields) => fields
            .iter()
            .map(|f| format!("{}: {} / {}", f.field, f.message, f.message_en))
            .collect::<Vec<_>>()
            .join("\n"),
        lentera_core::Error::Forbidden => "tidak berhak / forbidden (outside the user's role or scope)".into(),
        lentera_core::Error::NotFound => "tidak ditemukan / not found".into(),
        other => other.to_string(),
    }
}

/// Opens the store, creating the data directory when needed.
fn open_store(dir: &Path) -> Result<(Arc<SqliteStore>, lentera_store::StartupReport), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))?;
    SqliteStore::open(dir).map(|(s, r)| (Arc::new(s), r)).map_err(describe)
}

/// The services over a store, on the machine's clock.
fn env_of(store: &Arc<SqliteStore>) -> Env {
    Env::new(store.clone())
}

/// Opens an existing data directory; commands other than serve/migrate/demo never create one.
fn open_existing(dir: &Path) -> Result<Arc<SqliteStore>, String> {
    if !dir.join("lentera.db").exists() {
        return Err(format!("no database in {} (run `lentera migrate` or `lentera serve` first)", dir.display()));
    }
    open_store(dir).map(|(s, _)| s)
}

fn actor_for(store: &Arc<SqliteStore>, as_user: Option<&str>) -> Result<Actor, String> {
    match as_user {
        None => Ok(Actor::operator()),
        Some(u) => {
            let s = store.user_secret(u).map_err(describe)?.ok_or_else(|| format!("no user {u}"))?;
            Ok(Actor::from_user(&s.user))
        }
    }
}

fn run(command: Command, cfg: Config) -> Result<(), String> {
    match command {
        Command::Serve { demo: with_demo, demo_scale, .. } => serve(cfg, with_demo.then_some(demo_scale.into())),
        Command::Migrate => {
            let (_, report) = open_store(&cfg.data_dir)?;
            println!(
                "schema up to date (applied: {:?}); regions loaded: {} in {:?}",
                report.migrations_applied, report.regions_loaded, report.regions_load_time
            );
            Ok(())
        }
        Command::Config => {
            print!("{}", cfg.to_toml());
            Ok(())
        }
        Command::Demo { scale, seed } => {
            let (store, _) = open_store(&cfg.data_dir)?;
            run_demo(&store, scale.into(), seed)
        }
        Command::Check => check(&cfg),
        Command::Backup { out } => {
            if out.exists() {
                return Err(format!("{} already exists; choose a new file", out.display()));
            }
            let store = open_existing(&cfg.data_dir)?;
            store.backup_to(&out).map_err(describe)?;
            println!("backup written to {}", out.display());
            Ok(())
        }
        Command::Bench { runs, only } => bench::run(&cfg, runs, only.as_deref()),
        Command::User { command } => {
            let store = open_existing(&cfg.data_dir)?;
            match command {
                UserCommand::Create { username, role, scope, full_name, password_stdin: _ } => {
                    let mut password = String::new();
                    std::io::stdin().read_to_string(&mut password).map_err(|e| format!("reading password: {e}"))?;
                    let password = password.trim_end_matches(['\n', '\r']).to_string();
                    let input = NewUserInput {
                        full_name: full_name.unwrap_or_else(|| username.clone()),
                        username,
                        role,
                        scope,
                        password,
                        ..Default::default()
                    };
                    let u = accounts::create_user(&env_of(&store), &Actor::operator(), &input).map_err(describe)?;
                    println!("created user {} ({}, scope {})", u.username, u.role.code(), u.scope.to_text());
                    Ok(())
                }
                UserCommand::Token { username, name } => {
                    let s =
                        store.user_secret(&username).map_err(describe)?.ok_or_else(|| format!("no user {username}"))?;
                    let (_, secret) = accounts::create_token(&env_of(&store), &Actor::operator(), s.user.id, &name)
                        .map_err(describe)?;
                    println!("{secret}");
                    Ok(())
                }
                UserCommand::List => {
                    let page = store
                        .list_users(None, None, lentera_core::library::PageRequest::new(Some(1), Some(200)))
                        .map_err(describe)?;
                    for u in page.items {
                        println!(
                            "{}\t{}\t{}\t{}",
                            u.username,
                            u.role.code(),
                            u.scope.to_text(),
                            if u.active { "active" } else { "inactive" }
                        );
                    }
                    Ok(())
                }
            }
        }
        Command::Import { what: ImportWhat::Libraries { file, mode, as_user } } => {
            let store = open_existing(&cfg.data_dir)?;
            let actor = actor_for(&store, as_user.as_deref())?;
            let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let table = tabular::read_table(&file.to_string_lossy(), &bytes).map_err(describe)?;
            let rows = library_io::from_rows(&table).map_err(describe)?;
            let mode = match mode {
                ImportMode::All => libraries::ImportMode::AllOrNothing,
                ImportMode::Valid => libraries::ImportMode::ValidOnly,
                ImportMode::Check => libraries::ImportMode::DryRun,
            };
            let report = libraries::import(&env_of(&store), &actor, &rows, mode).map_err(describe)?;
            let numbers = library_io::data_row_numbers(&table);
            for e in &report.errors {
                for f in &e.errors {
                    eprintln!(
                        "row {}: {}: {}",
                        numbers.get(e.row - 2).copied().unwrap_or(e.row),
                        f.field,
                        f.message_en
                    );
                }
            }
            println!("{} rows, {} valid, {} imported", report.rows, report.valid, report.imported);
            if report.errors.is_empty() { Ok(()) } else { Err(format!("{} rows with errors", report.errors.len())) }
        }
        Command::Export { what: ExportWhat::Libraries { format, out, region, as_user } } => {
            let store = open_existing(&cfg.data_dir)?;
            let actor = actor_for(&store, as_user.as_deref())?;
            let mut filter = LibraryFilter::default();
            if let Some(r) = region {
                filter.region = Some(lentera_core::region::RegionCode::parse(&r).map_err(describe)?);
            }
            let bytes = library_io::export(&env_of(&store), &actor, filter, matches!(format, Format::Xlsx))
                .map_err(describe)?;
            match out {
                Some(p) => std::fs::write(&p, bytes).map_err(|e| format!("cannot write {}: {e}", p.display())),
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes).map_err(|e| e.to_string())
                }
            }
        }
    }
}

fn run_demo(store: &Arc<SqliteStore>, scale: demo::Scale, seed: u64) -> Result<(), String> {
    let started = std::time::Instant::now();
    match demo::generate(&env_of(store), scale, seed).map_err(describe)? {
        None => println!("demo: the registry already has libraries; nothing generated"),
        Some(r) => {
            println!(
                "demo: {} libraries, {} events with {} registrations generated in {:.1?}",
                r.libraries,
                r.events.0,
                r.events.1,
                started.elapsed()
            );
            println!("demo logins (password: {}):", demo::DEMO_PASSWORD);
            for (u, what) in r.logins {
                println!("  {u:<24} {what}");
            }
        }
    }
    Ok(())
}

fn check(cfg: &Config) -> Result<(), String> {
    let store = open_existing(&cfg.data_dir)?;
    let mut problems = Vec::new();
    let (known, have) = store.schema_versions().map_err(describe)?;
    if known != have {
        problems.push(format!("schema version {have}, this build expects {known}"));
    }
    let counts = store.region_counts().map_err(describe)?;
    if counts != lentera_core::region::EXPECTED_COUNTS.to_vec() {
        problems.push(format!("region counts {counts:?} differ from the official list"));
    }
    problems.extend(store.integrity_problems().map_err(describe)?);
    println!("data dir: {}", cfg.data_dir.display());
    println!("schema: {have} (expected {known})");
    println!("regions: {counts:?}");
    println!("libraries: {}", store.library_count_in(None).map_err(describe)?);
    println!("users: {}", store.user_count().map_err(describe)?);
    if problems.is_empty() {
        println!("ok");
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn serve(cfg: Config, demo_scale: Option<demo::Scale>) -> Result<(), String> {
    let started = std::time::Instant::now();
    let (store, report) = open_store(&cfg.data_dir)?;
    if report.regions_loaded > 0 {
        eprintln!("regions loaded: {} in {:?}", report.regions_loaded, report.regions_load_time);
    }
    if let Some(scale) = demo_scale {
        run_demo(&store, scale, 2026)?;
    }
    let setup = accounts::setup_token_if_needed(&env_of(&store)).map_err(describe)?;
    let web = WebConfig {
        session_idle_secs: cfg.session_idle_minutes * 60,
        secure_cookies: cfg.secure_cookies,
        workflow: lentera_core::reporting::Workflow { levels: cfg.approval_levels },
        files_dir: cfg.files_dir(),
        deadline_day: cfg.report_deadline_day,
        kpi: cfg.kpi,
        dhis2: cfg.dhis2.clone(),
        header_read_timeout: std::time::Duration::from_secs(cfg.header_timeout_secs),
        max_connections: cfg.max_connections,
        public_url: cfg.public_url.clone(),
        trusted_proxies: cfg.trusted_proxies.clone(),
        ..Default::default()
    };
    let state = AppState::new(env_of(&store), web);
    // Store calls run on blocking threads but share six connections; more threads than that
    // only wait, and each keeps its own allocator arena (resident memory).
    let rt = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(8)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&cfg.bind)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", cfg.bind))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("Lentera berjalan di / running at http://{addr}/  (siap dalam {:.0?})", started.elapsed());
        if cfg.public_url.is_none() && addr.ip().is_unspecified() {
            eprintln!(
                "public_url belum diatur: tautan dan kode QR memakai http://localhost:{} / public_url is not set: links and QR codes use it. Set public_url (or LENTERA_PUBLIC_URL).",
                addr.port()
            );
        }
        if let Some(token) = setup {
            println!(
                "Belum ada akun. Buat administrator nasional di / No account yet. Create the national administrator at:"
            );
            println!("  http://{addr}/setup/{token}");
        }
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        lentera_web::serve(listener, state, shutdown).await.map_err(|e| e.to_string())
    })
}
