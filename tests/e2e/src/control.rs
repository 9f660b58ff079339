//! Client for the emulator's JSON control API (`/emulator/api/`): the test's
//! hand on the virtual Okta Verify (TOTP codes, push approval and denial,
//! enrollment), the inbox (email magic links), transaction expiry, and the
//! hardening switches (faults, ID token defects, the request log).
//!
//! Invariant: it only ever talks to the in-process emulator on loopback, over
//! plain HTTP/1.0 (one request per connection), so it needs no HTTP client crate.

use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A pending Okta Verify push as the control API lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Push {
    /// Id to approve or deny.
    pub id: String,
    /// The number the user must pick, when the push has a number challenge.
    pub correct_answer: Option<String>,
}

/// One request the emulator served, as its request log shows it (the log
/// holds no secret: kind, status and fault only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// Request kind, the fault kinds' names (`identify`, `answer`, `poll`, ...).
    pub kind: String,
    /// Status sent, or `None` when the connection was dropped.
    pub status: Option<u16>,
    /// The injected fault's name, when one fired.
    pub fault: Option<String>,
}

/// The control API of one emulator.
#[derive(Debug, Clone)]
pub struct Control {
    /// `host:port` of the emulator.
    addr: String,
}

impl Control {
    /// For the emulator at `base_url` (`http://127.0.0.1:<port>`).
    pub fn new(base_url: &str) -> Self {
        Self {
            addr: base_url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_owned(),
        }
    }

    /// The emulator under another name, `http://localhost:<port>`: another
    /// origin than the issuer's `http://127.0.0.1:<port>`, served by the same
    /// emulator, so its request log shows whatever a client sends there.
    pub fn other_origin(&self) -> String {
        let port = self.addr.rsplit(':').next().unwrap_or_default();
        format!("http://localhost:{port}")
    }

    /// The current TOTP code of `username`'s Okta Verify, waiting for the next
    /// period when this one has under 3 seconds left (so it is still valid
    /// when the browser submits it).
    pub async fn totp(&self, username: &str) -> Result<String, String> {
        loop {
            let body = self.get(&format!("users/{username}/totp")).await?;
            let code = body["code"].as_str().ok_or("totp: no code")?.to_owned();
            let left = body["seconds_left"].as_u64().unwrap_or(30);
            if left >= 3 {
                return Ok(code);
            }
            tokio::time::sleep(Duration::from_secs(left + 1)).await;
        }
    }

    /// The pushes waiting for `username`.
    pub async fn pushes(&self, username: &str) -> Result<Vec<Push>, String> {
        let body = self.get(&format!("users/{username}/pushes")).await?;
        let list = body.as_array().ok_or("pushes: not a list")?;
        list.iter()
            .map(|push| {
                Ok(Push {
                    id: push["id"].as_str().ok_or("push without id")?.to_owned(),
                    correct_answer: push["correct_answer"].as_str().map(str::to_owned),
                })
            })
            .collect()
    }

    /// Waits (up to `timeout`) until `username` has a pending push, and returns it.
    pub async fn wait_for_push(&self, username: &str, timeout: Duration) -> Result<Push, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(push) = self.pushes(username).await?.into_iter().next() {
                return Ok(push);
            }
            if Instant::now() > deadline {
                return Err(format!("no push for {username} within {timeout:?}"));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Approves a push, answering its number challenge when given.
    pub async fn approve(&self, push: &str, answer: Option<&str>) -> Result<(), String> {
        let body = answer.map(|answer| serde_json::json!({ "answer": answer }));
        self.post(&format!("pushes/{push}/approve"), body)
            .await
            .map(drop)
    }

    /// Denies a push ("No, it's not me").
    pub async fn deny(&self, push: &str) -> Result<(), String> {
        self.post(&format!("pushes/{push}/deny"), None)
            .await
            .map(drop)
    }

    /// The email magic link sent to `username` (the redirect URI with the
    /// transaction's `state` and the emailed code as `otp`), while their
    /// transaction waits at the email challenge.
    pub async fn email_link(&self, username: &str) -> Result<String, String> {
        let body = self.get(&format!("users/{username}/email-link")).await?;
        Ok(body["link"]
            .as_str()
            .ok_or("email-link: no link")?
            .to_owned())
    }

    /// The channel (`qrcode`, `email`) of `username`'s pending Okta Verify
    /// enrollment, while their transaction waits for the phone.
    pub async fn enrollment_channel(&self, username: &str) -> Result<String, String> {
        let body = self.get(&format!("users/{username}/enrollment")).await?;
        Ok(body["channel"]
            .as_str()
            .ok_or("enrollment: no channel")?
            .to_owned())
    }

    /// Finishes `username`'s pending Okta Verify enrollment, as their phone
    /// does after scanning the QR code or opening the link.
    pub async fn activate_enrollment(&self, username: &str) -> Result<(), String> {
        self.post(&format!("users/{username}/enrollment/activate"), None)
            .await
            .map(drop)
    }

    /// Expires every live transaction now.
    pub async fn expire_transactions(&self) -> Result<(), String> {
        self.post("transactions/expire", None).await.map(drop)
    }

    /// Arms one fault (`{"kind", "fault", ...}` as the emulator's README
    /// describes), e.g. `{"kind": "answer", "fault": "503", "count": 1}`.
    pub async fn fault(&self, spec: Value) -> Result<(), String> {
        self.post("faults", Some(spec)).await.map(drop)
    }

    /// Disarms every fault: normal service again.
    pub async fn clear_faults(&self) -> Result<(), String> {
        self.request("DELETE", "faults", None).await.map(drop)
    }

    /// Spoils the next ID token the emulator issues with `defect`
    /// (`bad_signature`, `wrong_audience`, `expired`, ...).
    pub async fn arm_id_token_defect(&self, defect: &str) -> Result<(), String> {
        let body = serde_json::json!({ "defect": defect });
        self.post("id-token-defect", Some(body)).await.map(drop)
    }

    /// The defect still armed (`None` once an ID token has used it).
    pub async fn armed_id_token_defect(&self) -> Result<Option<String>, String> {
        let body = self.get("id-token-defect").await?;
        Ok(match &body["defect"] {
            Value::Null => None,
            Value::String(name) => Some(name.clone()),
            other => Some(other.to_string()),
        })
    }

    /// The emulator's request log, oldest first.
    pub async fn requests(&self) -> Result<Vec<Logged>, String> {
        let body = self.get("requests").await?;
        let list = body.as_array().ok_or("request log is not a list")?;
        Ok(list
            .iter()
            .map(|entry| Logged {
                kind: entry["kind"].as_str().unwrap_or_default().to_owned(),
                status: entry["status"]
                    .as_u64()
                    .and_then(|status| u16::try_from(status).ok()),
                fault: entry["fault"].as_str().map(str::to_owned),
            })
            .collect())
    }

    /// How many `kind` requests the log holds, and how many of them got `status`.
    pub async fn count(&self, kind: &str, status: u16) -> Result<(usize, usize), String> {
        let log = self.requests().await?;
        let all = log.iter().filter(|r| r.kind == kind).count();
        let with = log
            .iter()
            .filter(|r| r.kind == kind && r.status == Some(status))
            .count();
        Ok((all, with))
    }

    pub(crate) async fn get(&self, path: &str) -> Result<Value, String> {
        self.request("GET", path, None).await
    }

    pub(crate) async fn post(&self, path: &str, body: Option<Value>) -> Result<Value, String> {
        self.request("POST", path, body).await
    }

    async fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let what = format!("{method} /emulator/api/{path}");
        let body = body.map(|value| value.to_string()).unwrap_or_default();
        let mut request = format!(
            "{method} /emulator/api/{path} HTTP/1.0\r\nHost: {}\r\nAccept: application/json\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if !body.is_empty() {
            request.push_str("Content-Type: application/json\r\n");
        }
        request.push_str("\r\n");
        request.push_str(&body);

        let mut stream = TcpStream::connect(&self.addr)
            .await
            .map_err(|err| format!("{what}: {err}"))?;
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|err| format!("{what}: {err}"))?;
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .await
            .map_err(|err| format!("{what}: {err}"))?;
        let (status, body) =
            parse_response(&response).ok_or_else(|| format!("{what}: malformed response"))?;
        if !(200..300).contains(&status) {
            return Err(format!(
                "{what}: HTTP {status}: {}",
                String::from_utf8_lossy(body)
            ));
        }
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        serde_json::from_slice(body).map_err(|err| format!("{what}: body is not JSON: {err}"))
    }
}

/// Status code and body of an HTTP/1.x response without chunked encoding.
fn parse_response(bytes: &[u8]) -> Option<(u16, &[u8])> {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..split]).ok()?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, &bytes[split + 4..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_and_body() {
        let raw = b"HTTP/1.0 404 Not Found\r\ncontent-type: application/json\r\n\r\n{\"a\":1}";
        assert_eq!(parse_response(raw), Some((404, &b"{\"a\":1}"[..])));
        assert_eq!(parse_response(b"garbage"), None);
    }
}

mod self_service;
