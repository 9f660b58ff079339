//! The control API under `/emulator/api/` for end-to-end tests, and a small
//! page at `/emulator/` for people: the virtual phone and inbox (`phone`,
//! `inbox`, `phone_inbox` for SMS and voice), the other apps and tokens and
//! FastPass (`apps`), the org as a whole (`org`), the switches that make the
//! server misbehave on purpose (`faults`, `tamper`), and the self-service
//! tokens an emailed link or a CAPTCHA would give (`self_service`), and a
//! stand-in for the CAPTCHA vendors' scripts (`captcha_widget`).
//!
//! Invariants: this is the only place that exposes secrets on purpose
//! (current TOTP codes, emailed codes, the email magic link carrying the
//! code, the Okta Verify activation URI of a pending enrollment, which the
//! QR code or the emailed link carries, codes sent by SMS or voice, the
//! codes Google Authenticator and the OTP tokens display, activation,
//! recovery and CAPTCHA tokens), because it plays the user's phone, apps and
//! inbox; it never exposes passwords, handles or OAuth tokens; faults never
//! apply to these routes, so a test can always reach them.

mod apps;
mod captcha_widget;
mod faults;
mod inbox;
mod org;
mod page;
mod phone;
mod phone_inbox;
mod reply;
mod self_service;
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
        .route(
            "/emulator/api/users/{username}/activation-token",
            post(self_service::activation_token),
        )
        .route(
            "/emulator/api/users/{username}/recovery-token",
            post(self_service::recovery_token),
        )
        .route("/emulator/api/captcha", post(self_service::captcha))
        .route("/emulator/captcha/{file}", get(captcha_widget::script))
        .route("/emulator/logo.svg", get(self_service::logo))
        .route("/emulator/legal", get(self_service::legal))
        .route(
            "/emulator/api/users/{username}/phone-code",
            get(phone_inbox::phone_code),
        )
        .route(
            "/emulator/api/users/{username}/google-otp",
            get(apps::google_code),
        )
        .route(
            "/emulator/api/users/{username}/otp/{key}",
            get(apps::token_code),
        )
        .route(
            "/emulator/api/users/{username}/fastpass",
            post(apps::fastpass_answer),
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
