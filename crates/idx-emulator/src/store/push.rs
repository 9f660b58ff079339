//! Okta Verify pushes: what the (virtual) phone is asked, and its answer.
//!
//! Invariants: a push belongs to exactly one transaction (by interaction
//! handle) and is answered at most once; the number challenge's correct
//! answer is one of the three choices shown on the phone.

/// Status of an Okta Verify push.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushStatus {
    /// Not answered yet.
    Pending,
    /// Approved on the (virtual) phone.
    Approved,
    /// Denied, or the wrong number was picked.
    Denied,
}

/// An Okta Verify push sent to a user.
#[derive(Clone, Debug)]
pub struct Push {
    /// Random id used by the control API.
    pub id: String,
    /// Canonical username.
    pub username: String,
    /// The transaction it belongs to.
    pub interaction_handle: String,
    /// Number challenge answer, if any.
    pub correct_answer: Option<String>,
    /// The three numbers shown on the phone.
    pub choices: Vec<String>,
    /// Current status.
    pub status: PushStatus,
}
