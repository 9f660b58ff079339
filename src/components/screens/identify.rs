//! The identify screens: `identify` (username, and the password when the
//! org asks for both at once) and `redirect-idp` alone, with one link per
//! identity provider the state offers.
//!
//! Invariants: the identity-provider links come after the form, below an
//! "or" divider, in the server's order; they are plain links (a navigation
//! of the browser to the provider, never a request of ours), and a provider
//! without a name is still offered under a generic one; a smart card / PIV
//! provider says to insert the card (its mTLS sign-in is the same
//! full-page navigation); "Sign in with Okta FastPass" joins the providers where the
//! state offers `launch-authenticator`; a passkey sign-in (button, and
//! autofill where the browser has conditional mediation) comes first where
//! the state offers a passkey challenge (`passkey`).

use std::collections::HashMap;

use idx_core::{NextStep, StepName, Transaction};
use leptos::prelude::*;

use super::frame::StepFrame;
use super::recovery::recover_link;
use crate::components::form::StepForm;
use crate::i18n::use_i18n;

/// `identify`: the form, "Forgot password?" where offered, then the providers.
pub(super) fn identify_screen(
    tx: &Transaction,
    step: NextStep,
    kept: HashMap<String, String>,
) -> AnyView {
    let i18n = use_i18n();
    // The next steps' code downloads while the visitor types.
    crate::split::prefetch_when_idle();
    let has_password = step.input("password").is_some();
    let label = i18n.t(if has_password {
        "action.sign_in"
    } else {
        "action.next"
    });
    let recover = recover_link(tx);
    let mut idps = idp_links(tx);
    idps.extend(super::fastpass::launch_button(tx));
    let others = (!idps.is_empty()).then(|| {
        view! {
            <p class="divider"><span>{i18n.t("identify.or")}</span></p>
            {idps}
        }
    });
    // The passkey code loads on demand (`crate::split`), only when offered.
    let passkey = tx
        .autofill_challenge
        .is_some()
        .then(|| crate::split::passkey(tx.clone()));
    view! {
        <StepFrame title=i18n.t("identify.title") lead=i18n.t("identify.lead")>
            {passkey}
            <StepForm step=step submit_label=label kept=kept />
            {recover}
            {others}
        </StepFrame>
    }
    .into_any()
}

/// `redirect-idp` as the next step: only the providers to choose from.
pub(super) fn idp_screen(tx: &Transaction) -> AnyView {
    let i18n = use_i18n();
    let idps = idp_links(tx);
    view! { <StepFrame title=i18n.t("identify.title")>{idps}</StepFrame> }.into_any()
}

/// One link per `redirect-idp` step: these leave the page for the identity
/// provider, which sends the browser back to the redirect URI (see
/// `pages::callback`). Plain links: a navigation, not a request of ours.
fn idp_links(tx: &Transaction) -> Vec<AnyView> {
    let i18n = use_i18n();
    tx.available_steps
        .iter()
        .filter(|s| s.name == StepName::RedirectIdp || s.is_piv())
        .filter_map(|s| {
            let href = s.href.clone()?;
            let name = s
                .idp_name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| i18n.t("idp.default_name"));
            if s.is_piv() {
                // The card is read by the browser's TLS handshake on that page.
                let label = match s.idp_name.as_deref().filter(|n| !n.trim().is_empty()) {
                    Some(_) => i18n.f("idp.continue", &[("name", &name)]),
                    None => i18n.t("auth.piv.button"),
                };
                return Some(
                    view! {
                        <a class="button secondary idp" href=href data-action="idp" data-idp="piv" rel="external">
                            {label}
                        </a>
                        <p class="hint" data-testid="piv-hint">{i18n.t("auth.piv.lead")}</p>
                    }
                    .into_any(),
                );
            }
            Some(
                view! {
                    <a class="button secondary idp" href=href data-action="idp" rel="external">
                        {i18n.f("idp.continue", &[("name", &name)])}
                    </a>
                }
                .into_any(),
            )
        })
        .collect()
}
