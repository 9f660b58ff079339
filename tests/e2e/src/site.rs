//! The static server for the release build: serves `dist/` with an SPA
//! fallback and a `/config.json` generated for this test's emulator. It can
//! also fail the downloads of the on-demand wasm modules (a bad network)
//! until the test ends the outage (`DELETE /__e2e/split-outage`).
//!
//! Invariant: the listener is bound before the emulator starts, because the
//! emulator must be told the app's origin (CORS and redirect URIs).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What `/config.json` answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigMode {
    /// A valid config pointing at this test's emulator and origin.
    #[default]
    Generated,
    /// 404, as when the file was not deployed.
    Missing,
    /// These bytes verbatim with status 200 (e.g. broken JSON).
    Raw(String),
    /// The generated config plus `"language": <tag>` (the UI language override).
    Language(String),
    /// The generated config with `captchaScripts` pointing at the emulator's
    /// stand-in CAPTCHA scripts (the vendors' are not reachable from tests).
    CaptchaStandIn,
    /// The generated config plus these members (e.g. `brand`, `i18n`);
    /// `{org}` in a string stands for the emulator's origin.
    Extra(serde_json::Value),
}

/// A bound but not yet serving listener; its origin is known.
#[derive(Debug)]
pub struct Bound {
    listener: TcpListener,
    origin: String,
}

impl Bound {
    /// Binds 127.0.0.1 on an OS-chosen port.
    pub async fn bind() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let origin = format!("http://{}", listener.local_addr()?);
        Ok(Self { listener, origin })
    }

    /// Binds 127.0.0.1 on an OS-chosen port, named `http://localhost:<port>`:
    /// WebAuthn needs a page on a domain (an IP address cannot be an RP ID),
    /// and browsers resolve `localhost` to loopback themselves.
    pub async fn bind_localhost() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let origin = format!("http://localhost:{}", listener.local_addr()?.port());
        Ok(Self { listener, origin })
    }

    /// `http://127.0.0.1:<port>` (or `http://localhost:<port>`).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Starts serving `dist` with `/config.json` per `mode`, for `issuer`;
    /// with `split_outage`, the on-demand wasm modules answer 503 until
    /// `DELETE /__e2e/split-outage`.
    pub fn serve(self, dist: PathBuf, mode: ConfigMode, issuer: &str, split_outage: bool) -> Site {
        let config = match mode {
            ConfigMode::Generated => Some(generated_config(issuer, &self.origin)),
            ConfigMode::Missing => None,
            ConfigMode::Raw(body) => Some(body),
            ConfigMode::Language(tag) => {
                let mut config: serde_json::Value =
                    serde_json::from_str(&generated_config(issuer, &self.origin))
                        .expect("the generated config is JSON");
                config["language"] = tag.into();
                Some(config.to_string())
            }
            ConfigMode::Extra(extra) => {
                let mut config: serde_json::Value =
                    serde_json::from_str(&generated_config(issuer, &self.origin))
                        .expect("the generated config is JSON");
                let org = issuer.split("/oauth2").next().unwrap_or(issuer);
                let extra: serde_json::Value =
                    serde_json::from_str(&extra.to_string().replace("{org}", org))
                        .expect("still JSON");
                if let (Some(config), Some(extra)) = (config.as_object_mut(), extra.as_object()) {
                    config.extend(extra.clone());
                }
                Some(config.to_string())
            }
            ConfigMode::CaptchaStandIn => {
                let mut config: serde_json::Value =
                    serde_json::from_str(&generated_config(issuer, &self.origin))
                        .expect("the generated config is JSON");
                let org = issuer.split("/oauth2").next().unwrap_or(issuer);
                config["captchaScripts"] = serde_json::json!({
                    "hcaptcha": format!("{org}/emulator/captcha/hcaptcha.js"),
                    "recaptcha": format!("{org}/emulator/captcha/recaptcha.js"),
                });
                Some(config.to_string())
            }
        };
        let state = Arc::new(Files {
            dist,
            config,
            split_outage: AtomicBool::new(split_outage),
        });
        let router = Router::new()
            .route("/config.json", get(config_json))
            .route("/__e2e/split-outage", delete(end_split_outage))
            .fallback(get(file_or_index))
            .with_state(state);
        let task = tokio::spawn(async move {
            if let Err(err) = axum::serve(self.listener, router).await {
                eprintln!("e2e static server: {err}");
            }
        });
        Site {
            origin: self.origin,
            task,
        }
    }
}

/// A serving static site; aborted when dropped.
#[derive(Debug)]
pub struct Site {
    /// `http://127.0.0.1:<port>`.
    pub origin: String,
    task: JoinHandle<()>,
}

impl Drop for Site {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The app's runtime config (same shape as `public/config.json`).
pub fn generated_config(issuer: &str, origin: &str) -> String {
    serde_json::json!({
        "issuer": issuer,
        "clientId": idx_emulator::DEMO_CLIENT_ID,
        "redirectUri": format!("{origin}/login/callback"),
        "scopes": ["openid", "profile", "email", "offline_access"],
        "postLogoutRedirectUri": format!("{origin}/login"),
    })
    .to_string()
}

#[derive(Debug)]
struct Files {
    dist: PathBuf,
    config: Option<String>,
    /// While set, the on-demand wasm modules answer 503.
    split_outage: AtomicBool,
}

async fn end_split_outage(State(files): State<Arc<Files>>) -> StatusCode {
    files.split_outage.store(false, Ordering::SeqCst);
    StatusCode::NO_CONTENT
}

/// A module the split build loads on demand (`signin-<id>-split_*.wasm`,
/// `signin-<id>-chunk_*.wasm`; not the main wasm or the loader script).
pub fn is_on_demand_module(path: &str) -> bool {
    path.ends_with(".wasm") && (path.contains("-split_") || path.contains("-chunk_"))
}

async fn config_json(State(files): State<Arc<Files>>) -> Response {
    match &files.config {
        Some(body) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A file from dist, or `index.html` for any other path (client-side routes
/// such as `/login/callback` must load the app, like a real SPA host).
async fn file_or_index(State(files): State<Arc<Files>>, uri: Uri) -> Response {
    if files.split_outage.load(Ordering::SeqCst) && is_on_demand_module(uri.path()) {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    if let Some(path) = safe_join(&files.dist, uri.path())
        && let Ok(bytes) = tokio::fs::read(&path).await
    {
        return ([(header::CONTENT_TYPE, content_type(&path))], bytes).into_response();
    }
    match tokio::fs::read(files.dist.join("index.html")).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response(),
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("dist has no index.html: {err}"),
        )
            .into_response(),
    }
}

/// `dist` + the request path, refusing anything that could climb out of dist.
fn safe_join(dist: &Path, request_path: &str) -> Option<PathBuf> {
    let relative = Path::new(request_path.trim_start_matches('/'));
    if relative.as_os_str().is_empty()
        || !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let path = dist.join(relative);
    path.is_file().then_some(path)
}

/// The `Content-Type` a static host sends for `path` (by extension).
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|ext| ext.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        // Required for WebAssembly.instantiateStreaming.
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_dist() {
        let dist = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(safe_join(dist, "/../Cargo.toml"), None);
        assert_eq!(safe_join(dist, "/"), None);
        assert_eq!(
            safe_join(dist, "/Cargo.toml"),
            Some(dist.join("Cargo.toml"))
        );
        assert_eq!(safe_join(dist, "/no-such-file.js"), None);
    }

    #[test]
    fn generated_config_points_at_issuer_and_origin() {
        let text = generated_config("http://127.0.0.1:9/oauth2/default", "http://127.0.0.1:5");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["issuer"], "http://127.0.0.1:9/oauth2/default");
        assert_eq!(value["clientId"], "demo-spa");
        assert_eq!(value["redirectUri"], "http://127.0.0.1:5/login/callback");
        assert_eq!(value["scopes"][0], "openid");
        assert_eq!(value["postLogoutRedirectUri"], "http://127.0.0.1:5/login");
    }
}
