//! Consent (protocol doc §8.5): an app asking for scopes (`admin-consent`,
//! `consent`), granular consent with optional scopes as checkboxes
//! (`granular-consent`), and the email magic-link consent ("Did you just
//! try to sign in?", `email-challenge-consent`).
//!
//! Invariants: refusing is as easy as allowing: the two are side by side,
//! the same size, and each sends its answer in one click (`consent` false or
//! true, never a default); granular consent sends every optional scope with
//! its box's state (mandatory ones are echoed by idx-core) and scope names
//! exactly as the server spells them, dots included; the app's logo and
//! links are shown only as idx-core passed them (http(s) URLs).

use idx_core::{NextStep, StepName, Transaction, Values};
use leptos::prelude::*;

use super::frame::StepFrame;
use crate::components::form::{FormState, render_input};
use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;

/// The consent screen of `step`.
pub(super) fn consent_screen(tx: &Transaction, step: NextStep) -> AnyView {
    let i18n = use_i18n();
    let app_name = tx
        .app
        .as_ref()
        .and_then(|a| a.label.clone().or(a.name.clone()))
        .unwrap_or_else(|| i18n.t("consent.this_app"));
    match step.name {
        StepName::EmailChallengeConsent => email_consent(step),
        StepName::GranularConsent => granular(tx, step, &app_name),
        _ => scopes_consent(tx, step, &app_name),
    }
}

/// The app's logo and name, and its terms and privacy links when given.
fn app_header(tx: &Transaction, app_name: &str) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let app = tx.app.clone().unwrap_or_default();
    let alt = i18n.f("consent.logo_alt", &[("app", app_name)]);
    let logo = app
        .logo
        .map(|src| view! { <img class="app-logo" src=src alt=alt width="48" height="48" /> });
    let links = [
        (app.terms_of_service, "consent.terms"),
        (app.privacy_policy, "consent.privacy"),
    ]
    .into_iter()
    .filter_map(|(href, key)| {
        let href = href?;
        Some(view! { <a href=href rel="external noopener" target="_blank">{i18n.t(key)}</a> })
    })
    .collect_view();
    view! {
        <div class="app-header">{logo}<p class="app-name">{app_name.to_owned()}</p></div>
        <p class="app-links">{links}</p>
    }
}

/// "Don't allow" and "Allow" side by side; each sends `consent` with its
/// answer plus whatever `extra` adds (the granular scopes).
fn answer_buttons(
    step: StepName,
    deny_key: &'static str,
    allow_key: &'static str,
    extra: impl Fn() -> Option<Values> + Clone + 'static,
) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let send = move |allow: bool| {
        let Some(mut values) = extra() else {
            crate::focus::focus_first_invalid();
            return;
        };
        values.insert_bool("consent", allow);
        flow.dispatch(Intent::Step(step.clone(), values));
    };
    let (deny, allow) = (send.clone(), send);
    view! {
        <div class="button-row">
            <button
                type="button"
                class="secondary"
                data-action="consent-deny"
                disabled=move || busy.get()
                on:click=move |_| deny(false)
            >
                {i18n.t(deny_key)}
            </button>
            <button
                type="submit"
                class="primary"
                data-action="consent-allow"
                aria-busy=move || busy.get().then_some("true")
                disabled=move || busy.get()
                on:click=move |ev| {
                    ev.prevent_default();
                    allow(true);
                }
            >
                {i18n.t(allow_key)}
            </button>
        </div>
    }
}

/// `admin-consent` / `consent`: what the app may do, then allow or refuse.
fn scopes_consent(tx: &Transaction, step: NextStep, app_name: &str) -> AnyView {
    let i18n = use_i18n();
    let admin = step.name == StepName::AdminConsent;
    let title = i18n.f(
        if admin {
            "consent.admin.title"
        } else {
            "consent.title"
        },
        &[("app", app_name)],
    );
    let scopes = step
        .scopes
        .iter()
        .map(|s| {
            let desc = s
                .description
                .clone()
                .map(|d| view! { <span class="scope-desc">{d}</span> });
            view! { <li><span class="scope-name">{s.label.clone()}</span>{desc}</li> }
        })
        .collect_view();
    let issuer =
        tx.issuer_uri.clone().filter(|_| admin).map(
            |uri| view! { <p class="hint">{i18n.f("consent.issuer", &[("issuer", &uri)])}</p> },
        );
    let header = app_header(tx, app_name);
    view! {
        <StepFrame title=title>
            {header}
            <p>{i18n.t("consent.lead")}</p>
            <ul class="scopes">{scopes}</ul>
            {issuer}
            <form data-step=step.name.as_str().to_owned() method="post" novalidate=true on:submit=|ev| ev.prevent_default()>
                {answer_buttons(step.name.clone(), "consent.deny", "consent.allow", || {
                    Some(Values::new())
                })}
            </form>
        </StepFrame>
    }
    .into_any()
}

/// `granular-consent`: each optional scope as a checkbox (ticked as the
/// server proposes), sent with either answer.
fn granular(tx: &Transaction, step: NextStep, app_name: &str) -> AnyView {
    let i18n = use_i18n();
    let state = FormState::new(&step, &Default::default());
    let scopes: Vec<_> = step
        .inputs
        .iter()
        .filter(|i| i.visible && i.name != "consent")
        .cloned()
        .collect();
    let boxes = scopes
        .iter()
        .map(|input| {
            let desc = input
                .description
                .clone()
                .map(|d| view! { <p class="hint scope-desc">{d}</p> });
            view! { {render_input(input, state)} {desc} }
        })
        .collect_view();
    let inputs = StoredValue::new(scopes);
    let extra = move || state.validate(&inputs.get_value());
    let header = app_header(tx, app_name);
    let title = i18n.f("consent.granular.title", &[("app", app_name)]);
    view! {
        <StepFrame title=title>
            {header}
            <form data-step=step.name.as_str().to_owned() method="post" novalidate=true on:submit=|ev| ev.prevent_default()>
                <fieldset class="scopes">
                    <legend>{i18n.t("consent.granular.lead")}</legend>
                    {boxes}
                </fieldset>
                {answer_buttons(step.name.clone(), "consent.deny", "consent.allow", extra)}
            </form>
        </StepFrame>
    }
    .into_any()
}

/// `email-challenge-consent`: which app and browser are signing in, then
/// "No, it's not me" or "Yes, it's me".
fn email_consent(step: NextStep) -> AnyView {
    let i18n = use_i18n();
    let facts = step
        .request_info
        .iter()
        .map(|r| view! { <dt>{r.label.clone()}</dt><dd>{r.value.clone()}</dd> })
        .collect_view();
    view! {
        <StepFrame title=i18n.t("consent.email.title") lead=i18n.t("consent.email.lead")>
            <dl class="request-info">{facts}</dl>
            <form data-step=step.name.as_str().to_owned() method="post" novalidate=true on:submit=|ev| ev.prevent_default()>
                {answer_buttons(
                    step.name.clone(),
                    "consent.email.deny",
                    "consent.email.allow",
                    || Some(Values::new()),
                )}
            </form>
        </StepFrame>
    }
    .into_any()
}
