//! What an authenticator's `profile` and `contextualData` tell the person
//! beyond its name: the phone it texts or calls, the security question
//! enrolled or offered, an authenticator app's shared secret, the Okta
//! FastPass challenge and Duo's frame (protocol doc part 2, §2–§7).
//!
//! Invariants: plain data read without failing (a member of the wrong type
//! is left out); secrets (the shared secret, the FastPass JWT, Duo's signed
//! token) are redacted newtypes; a phone number here is only ever Okta's
//! masked one (`+1 XXX-XXX-2342`).

use serde_json::Value as Json;

use crate::secret::{ChallengeRequest, DuoToken, SharedSecret};

/// The phone an authenticator texts or calls (`profile.phoneNumber`, masked
/// by Okta, and the optional nickname), protocol doc part 2 §2.1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PhoneProfile {
    /// The masked number, e.g. `+1 XXX-XXX-2342`.
    pub number: Option<String>,
    /// The name the person gave this phone, if any.
    pub nickname: Option<String>,
}

/// A security question: its key (`custom` for one the person wrote) and
/// its text (protocol doc part 2 §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityQuestion {
    /// `disliked_food`, `favorite_vacation_location`, ... or `custom`.
    pub key: String,
    /// The question as Okta words it (or as the person wrote it).
    pub text: String,
}

/// How an Okta FastPass challenge reaches Okta Verify (`challengeMethod`,
/// protocol doc part 2 §6.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeMethod {
    /// Okta Verify listens on `localhost` ports; the page relays the challenge.
    Loopback,
    /// An `okta-verify:` style URI raises the system's "open Okta Verify" prompt.
    CustomUri,
    /// An iOS/macOS universal link, opened by a top-level navigation.
    UniversalLink,
    /// An Android app link, opened by a top-level navigation.
    AppLink,
    /// Chrome device trust: the link is loaded in a hidden frame.
    ChromeDtc,
    /// Anything else, as sent.
    Other(String),
}

impl From<&str> for ChallengeMethod {
    fn from(text: &str) -> Self {
        match text {
            "LOOPBACK" => Self::Loopback,
            "CUSTOM_URI" => Self::CustomUri,
            "UNIVERSAL_LINK" => Self::UniversalLink,
            "APP_LINK" => Self::AppLink,
            "CHROME_DTC" => Self::ChromeDtc,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// An Okta FastPass (Okta Verify `signed_nonce`) challenge: the top-level
/// `authenticatorChallenge` of `device-challenge-poll`, or
/// `contextualData.challenge` of a signed-nonce `challenge-poll`
/// (protocol doc part 2 §6.1, §6.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceChallenge {
    /// How the challenge reaches Okta Verify.
    pub method: ChallengeMethod,
    /// The launch link (custom URI, universal or app link, Chrome DTC).
    pub href: Option<String>,
    /// Where to get Okta Verify (custom URI).
    pub download_href: Option<String>,
    /// Loopback: `http://localhost`.
    pub domain: Option<String>,
    /// Loopback: an https origin probed before `domain`, when sent.
    pub https_domain: Option<String>,
    /// Loopback: the ports to try, in order.
    pub ports: Vec<u16>,
    /// Loopback: how long one probe may take (Okta's default is 100 ms).
    pub probe_timeout_ms: Option<u32>,
    /// Loopback: the signed challenge to relay.
    pub challenge_request: Option<ChallengeRequest>,
    /// Chrome's local-network-access help page, when sent.
    pub local_network_help: Option<String>,
}

impl DeviceChallenge {
    /// The loopback origins to try, in Okta's order: every port on
    /// `httpsDomain` first (when sent), then every port on `domain`
    /// (protocol doc part 2 §6.3, step 2).
    pub fn loopback_bases(&self) -> Vec<String> {
        [self.https_domain.as_deref(), self.domain.as_deref()]
            .into_iter()
            .flatten()
            .flat_map(|d| {
                let d = d.trim_end_matches('/');
                self.ports.iter().map(move |p| format!("{d}:{p}"))
            })
            .collect()
    }

    /// Reads a challenge object; `None` without a `challengeMethod`.
    pub(crate) fn from_json(v: &Json) -> Option<Self> {
        let method = ChallengeMethod::from(v.get("challengeMethod")?.as_str()?);
        let text = |p: &str| v.pointer(p).and_then(Json::as_str).map(str::to_owned);
        Some(Self {
            method,
            href: text("/href"),
            download_href: text("/downloadHref"),
            domain: text("/domain"),
            https_domain: text("/httpsDomain"),
            ports: v
                .get("ports")
                .and_then(Json::as_array)
                .map(|ps| {
                    ps.iter()
                        .filter_map(|p| match p {
                            Json::String(s) => s.parse().ok(),
                            Json::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            probe_timeout_ms: v
                .get("probeTimeoutMillis")
                .and_then(Json::as_u64)
                .and_then(|n| u32::try_from(n).ok()),
            challenge_request: text("/challengeRequest").map(ChallengeRequest::new),
            local_network_help: text("/chromeLocalNetworkAccessDetails/chromeLNAHelpLink"),
        })
    }
}

/// Duo's frame (`contextualData` of the `duo` authenticator, protocol doc
/// part 2 §7.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuoFrame {
    /// `IFRAME`, the only integration Okta describes.
    pub integration: Option<String>,
    /// Duo's API host, e.g. `api-xxxx.duosecurity.com`.
    pub host: Option<String>,
    /// The signed token (a Duo part and an app part).
    pub signed_token: Option<DuoToken>,
    /// Okta's copy of the Duo Web SDK.
    pub script: Option<String>,
}

/// The typed contextual data of one authenticator object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Contextual {
    pub(crate) phone: Option<PhoneProfile>,
    pub(crate) enrolled_question: Option<SecurityQuestion>,
    pub(crate) questions: Vec<SecurityQuestion>,
    pub(crate) shared_secret: Option<SharedSecret>,
    pub(crate) challenge: Option<DeviceChallenge>,
    pub(crate) duo: Option<DuoFrame>,
}

impl Contextual {
    pub(crate) fn from_json(v: &Json) -> Self {
        let text = |p: &str| {
            v.pointer(p)
                .and_then(Json::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let is_phone = v.get("key").and_then(Json::as_str) == Some("phone_number")
            || v.get("type").and_then(Json::as_str) == Some("phone");
        let phone = is_phone.then(|| PhoneProfile {
            number: text("/profile/phoneNumber"),
            nickname: text("/profile/nickname").or_else(|| text("/nickname")),
        });
        let question = |q: &Json| {
            Some(SecurityQuestion {
                key: q.get("questionKey")?.as_str()?.to_owned(),
                text: q.get("question")?.as_str()?.to_owned(),
            })
        };
        let enrolled_question = v
            .pointer("/contextualData/enrolledQuestion")
            .and_then(question)
            .or_else(|| v.get("profile").and_then(question));
        let questions = v
            .pointer("/contextualData/questions")
            .and_then(Json::as_array)
            .map(|qs| qs.iter().filter_map(question).collect())
            .unwrap_or_default();
        let challenge = v
            .pointer("/contextualData/challenge/value")
            .and_then(DeviceChallenge::from_json)
            .or_else(|| DeviceChallenge::from_json(v));
        let duo = (v.get("key").and_then(Json::as_str) == Some("duo"))
            .then(|| DuoFrame {
                integration: text("/contextualData/integrationType"),
                host: text("/contextualData/host"),
                signed_token: text("/contextualData/signedToken").map(DuoToken::new),
                script: text("/contextualData/script"),
            })
            .filter(|d| d.host.is_some());
        Self {
            phone,
            enrolled_question,
            questions,
            shared_secret: text("/contextualData/sharedSecret").map(SharedSecret::new),
            challenge,
            duo,
        }
    }
}
