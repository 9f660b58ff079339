//! The control API under `/emulator/api/` for end-to-end tests, and a small
//! page at `/emulator/` for people: the virtual phone and inbox (`phone`,
//! `inbox`), the org as a whole (`org`), and the switches that make the
//! server misbehave on purpose (`faults`, `tamper`).
//!
//! Invariants: this is the only place that exposes secrets on purpose
//! (current TOTP codes, emailed codes, the email magic link carrying the
//! code, and the Okta Verify activation URI of a pending enrollment, which
//! the QR code or the emailed link carries), because it plays the user's
//! phone and inbox; it never exposes passwords, handles or tokens; faults
//! never apply to these routes, so a test can always reach them.

mod faults;
mod inbox;
mod org;
mod page;
mod phone;
mod reply;
mod tamper;

use axum::Router;
use axum::routing::{delete, get, post};

use crate::store::AppState;

/// The control routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/emulator", get(page::page))
        .route("/emulator/", get(page::page))
        .route("/emulator/api/users", get(org::users))
        .route("/emulator/api/users/{username}/totp", get(phone::totp))
        .route(
            "/emulator/api/users/{username}/email-code",
            get(inbox::email_code),
        )
        .route(
            "/emulator/api/users/{username}/email-link",
            get(inbox::email_link),
        )
        .route("/emulator/api/users/{username}/pushes", get(phone::pushes))
        .route(
            "/emulator/api/users/{username}/enrollment",
            get(phone::enrollment),
        )
        .route(
            "/emulator/api/users/{username}/enrollment/activate",
            post(phone::activate),
        )
        .route("/emulator/api/pushes/{id}/approve", post(phone::approve))
        .route("/emulator/api/pushes/{id}/deny", post(phone::deny))
        .route("/emulator/api/transactions/expire", post(org::expire))
        .route("/emulator/api/reset", post(org::reset))
        .route(
            "/emulator/api/faults",
            post(faults::set).delete(faults::clear).get(faults::list),
        )
        .route("/emulator/api/faults/{kind}", delete(faults::clear_one))
        .route(
            "/emulator/api/id-token-defect",
            post(tamper::set_defect)
                .get(tamper::get_defect)
                .delete(tamper::clear_defect),
        )
        .route(
            "/emulator/api/requests",
            get(tamper::list_requests).delete(tamper::clear_requests),
        )
}
