//! Lentera's web layer: server-rendered pages (Bahasa Indonesia first), the JSON API under
//! `/api/v1` with its OpenAPI document, and the static assets.
//!
//! Handlers parse input, call a service from `lentera_core::services` on a blocking thread,
//! and render the result. They hold no business rules and no SQL.
#![forbid(unsafe_code)]

pub mod api;
mod assets;
pub mod brief_pdf;
mod charts;
pub mod conference;
mod ctx;
pub mod documents;
mod html;
pub mod http;
pub mod library_io;
mod middleware;
mod pages;
pub mod pdf;
pub mod photos;
pub mod proxy;
mod query;
pub mod report_io;
pub mod tabular;
mod vocab;
pub mod workplan_io;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use lentera_core::services::Env;
use tokio::net::TcpListener;

pub use ctx::SESSION_COOKIE;

/// Settings the web layer needs; loaded once by the binary and passed down.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Sessions end after this long without a request.
    pub session_idle_secs: i64,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Largest accepted upload (imports), in bytes.
    pub max_upload_bytes: usize,
    /// How many levels review a report.
    pub workflow: lentera_core::reporting::Workflow,
    /// Where uploaded files (photos) are kept.
    pub files_dir: std::path::PathBuf,
    /// Monthly reports are due by the end of this day of the next month.
    pub deadline_day: u8,
    /// KPI colour thresholds.
    pub kpi: lentera_core::kpi::Thresholds,
    /// How indicators map to DHIS2 data elements and organisation units.
    pub dhis2: lentera_core::dhis2::Mapping,
    /// A connection that has not sent a whole request head within this long (silent,
    /// half-open, idle between requests, or sending headers byte by byte) is closed.
    pub header_read_timeout: Duration,
    /// Connections served at once; more wait in the listen queue.
    pub max_connections: usize,
    /// The base of every absolute link (see [`proxy::public_url`]); by default the address
    /// the server listens on.
    pub public_url: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long a request may take, and an upload (slow phones on 2G send photos for minutes).
    pub request_time: Duration,
    pub upload_time: Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            session_idle_secs: 2 * 3600,
            secure_cookies: false,
            max_upload_bytes: 20 * 1024 * 1024,
            workflow: Default::default(),
            files_dir: std::path::PathBuf::from("lentera-data/files"),
            deadline_day: 10,
            kpi: Default::default(),
            dhis2: Default::default(),
            header_read_timeout: Duration::from_secs(20),
            max_connections: 1024,
            public_url: None,
            trusted_proxies: Vec::new(),
            request_time: Duration::from_secs(60),
            upload_time: Duration::from_secs(600),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    /// The services' store and clock.
    pub env: Env,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(env: Env, config: WebConfig) -> Self {
        AppState { env, config: Arc::new(config) }
    }

    /// Who reviews what in this deployment.
    pub fn review_policy(&self) -> lentera_core::reporting::ReviewPolicy {
        lentera_core::reporting::ReviewPolicy::new(self.config.workflow)
    }

    /// How KPI colours are scored in this deployment.
    pub fn kpi_rules(&self) -> lentera_core::services::kpi::Rules {
        lentera_core::services::kpi::Rules { thresholds: self.config.kpi, deadline_day: self.config.deadline_day }
    }

    /// Runs store-bound work on a blocking thread: SQLite calls must not stall the runtime.
    pub async fn run<T, F>(&self, f: F) -> lentera_core::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Env) -> lentera_core::Result<T> + Send + 'static,
    {
        let env = self.env.clone();
        tokio::task::spawn_blocking(move || f(&env))
            .await
            .map_err(|e| lentera_core::Error::unexpected(format!("blocking task failed: {e}")))?
    }
}

/// The whole application: pages, API, assets, health check.
pub fn router(state: AppState) -> Router {
    use tower_http::catch_panic::CatchPanicLayer;
    use tower_http::compression::CompressionLayer;

    Router::new()
        .merge(pages::routes(&state))
        .nest("/api/v1", api::routes())
        .merge(assets::routes())
        .route("/healthz", axum::routing::get(|| async { "ok" }))
        .fallback(pages::not_found)
        .layer(request_trace())
        // A handler's panic becomes a 500 that the middleware below renders as an error page.
        .layer(CatchPanicLayer::custom(http::error::panic_response))
        // Inside the security headers, so a timed-out page is rendered like any error page.
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::time_limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::security_headers))
        .layer(CompressionLayer::new())
        // A panic in the middleware itself still answers (a bare 500).
        .layer(CatchPanicLayer::new())
        .with_state(state)
}

/// A span per request with its method and matched route (the route's template, never the
/// path or query, which can hold names and codes), and a line with its status and latency.
fn request_trace() -> tower_http::trace::TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    impl Fn(&axum::http::Request<axum::body::Body>) -> tracing::Span + Clone,
> {
    use tower_http::trace::{DefaultOnResponse, TraceLayer};
    TraceLayer::new_for_http()
        .make_span_with(|req: &axum::http::Request<axum::body::Body>| {
            let route = req.extensions().get::<axum::extract::MatchedPath>().map_or("-", |p| p.as_str());
            tracing::info_span!("request", method = %req.method(), route = %route)
        })
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(tower_http::LatencyUnit::Millis))
}

/// Serves on an already-bound listener until `shutdown` completes. Each connection must send
/// its request head within `header_read_timeout` (an idle keep-alive connection too), at most
/// `max_connections` are served at once, and on shutdown the open ones finish their requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower_service::Service;

    let mut state = state;
    if state.config.public_url.is_none() {
        let mut config = (*state.config).clone();
        config.public_url = Some(proxy::local_base(listener.local_addr()?));
        state.config = Arc::new(config);
    }
    let slots = Arc::new(tokio::sync::Semaphore::new(state.config.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(state.config.header_read_timeout).keep_alive(true);
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            app.clone().call(req)
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
    // Let open requests finish, but not forever.
    let _ = tokio::time::timeout(Duration::from_secs(30), graceful.shutdown()).await;
    Ok(())
}
