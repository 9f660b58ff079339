//! `/`: the protected home page.
//!
//! Invariants: renders only with a current, unexpired session; otherwise it
//! sends the browser to `/login?next=/` (replacing history, so Back does not
//! loop). Sign-out clears storage, revokes, then leaves for Okta's logout
//! URL. When the access token expires while the page is open, the tokens are
//! removed at once, a refresh token is revoked (within the sign-out budget),
//! and the browser goes to sign-in: an expired session never looks signed in.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::components::layout::Shell;
use crate::components::messages::Messages;
use crate::flow::use_flow;
use crate::i18n::use_i18n;
use crate::notice::Notice;
use crate::session::{self, StoredSession};
use crate::signout;

/// The signed-in home page, or the way to the sign-in without a session.
/// Only the session's expiry is read here; the page itself (and reading
/// the whole session) loads on demand.
#[component]
pub fn Home() -> impl IntoView {
    if !session::is_open() {
        return to_sign_in();
    }
    crate::split::signed_in()
}

/// Sends the browser to the sign-in and says so meanwhile.
fn to_sign_in() -> AnyView {
    redirect_to_sign_in("/login".to_owned());
    let i18n = use_i18n();
    view! {
        <Shell>
            <h1>{i18n.t("app.title")}</h1>
            <p class="lead" role="status">{i18n.t("login.to_sign_in")}</p>
        </Shell>
    }
    .into_any()
}

/// The signed-in page for the current session (loaded on demand:
/// `crate::split`); the way to the sign-in if the kept value does not read
/// as a session after all.
pub(crate) fn signed_in_page() -> AnyView {
    match session::current() {
        Some(session) => view! { <SignedIn session=session /> }.into_any(),
        None => to_sign_in(),
    }
}

#[component]
fn SignedIn(session: StoredSession) -> impl IntoView {
    let driver = use_flow().driver();
    let i18n = use_i18n();
    let name = session.profile.display_name().to_owned();
    let expiry = format_expiry(session.expires_at, &i18n);
    expire_at(session.expires_at, driver.clone());
    let email = session.profile.email.clone();
    let notices = RwSignal::new(Vec::<Notice>::new());
    let sign_out = Action::new_local(move |_: &()| {
        let driver = driver.clone();
        let session = session.clone();
        async move { signout::sign_out(&driver, &session).await }
    });
    Effect::new(move |_| {
        // The only failure left after clearing storage is the navigation to
        // Okta's logout page.
        if let Some(Err(_)) = sign_out.value().get() {
            notices.set(vec![Notice::error(i18n.t("signout.unreachable"))]);
        }
    });
    let busy = sign_out.pending();
    crate::title::set_title(&i18n.t("home.title"));
    // A new page for screen readers too: focus its heading.
    crate::focus::focus_screen();
    view! {
        <Shell wide=true>
            <div data-testid="home">
                <h1 tabindex="-1">{i18n.f("home.welcome", &[("name", &name)])}</h1>
                <p class="lead">{i18n.t("home.lead")}</p>
                <Messages items=notices />
                <dl class="facts">
                    {email.map(|e| view! { <dt>{i18n.t("home.email")}</dt><dd>{e}</dd> })}
                    <dt>{i18n.t("home.valid_until")}</dt>
                    <dd data-testid="token-expiry">{expiry}</dd>
                </dl>
                <button
                    type="button"
                    class="primary"
                    data-action="signout"
                    aria-busy=move || busy.get().then_some("true")
                    disabled=move || busy.get()
                    on:click=move |_| {
                        sign_out.dispatch_local(());
                    }
                >
                    {i18n.t("action.sign_out")}
                </button>
            </div>
        </Shell>
    }
}

/// Sends the browser to `sign_in_path` with the current page as `next`
/// (replacing this history entry), on the next frame: navigating while
/// rendering is not allowed. The embedded guard does the same.
pub(crate) fn redirect_to_sign_in(sign_in_path: String) {
    let location = use_location();
    let navigate = use_navigate();
    let here = location.pathname.get_untracked() + &location.search.get_untracked();
    let next = js_sys::encode_uri_component(&here);
    request_animation_frame(move || {
        navigate(
            &format!("{sign_in_path}?next={next}"),
            NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            },
        );
    });
}

/// Removes the tokens, revokes a refresh token and goes to sign-in at
/// `expires_at` (epoch seconds); cancelled when the page goes away.
fn expire_at(expires_at: i64, driver: std::rc::Rc<crate::http::AppDriver>) {
    let left_ms = u64::try_from(expires_at - session::now_secs())
        .unwrap_or(0)
        .saturating_mul(1000)
        // setTimeout's limit (about 24.8 days).
        .min(i32::MAX as u64);
    let timer = set_timeout_with_handle(
        move || {
            let expired = session::take();
            leptos::task::spawn_local(async move {
                if let Some(expired) = expired {
                    signout::end_expired(&driver, &expired).await;
                }
                // A full load, not a router navigation: the finished flow's
                // in-memory state must not come along to the new sign-in.
                if let Some(window) = web_sys::window() {
                    let _ = window.location().replace("/login?next=%2F");
                }
            });
        },
        std::time::Duration::from_millis(left_ms),
    );
    if let Ok(handle) = timer {
        on_cleanup(move || handle.clear());
    }
}

/// Date and time of `epoch_secs` in the page's language, plus minutes left.
fn format_expiry(epoch_secs: i64, i18n: &crate::i18n::I18n) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_secs as f64 * 1000.0));
    let when: String = date
        .to_locale_string(i18n.lang().tag(), &wasm_bindgen::JsValue::UNDEFINED)
        .into();
    let minutes = ((epoch_secs - session::now_secs()).max(0) + 59) / 60;
    i18n.f(
        "home.expiry",
        &[("when", &when), ("minutes", &minutes.to_string())],
    )
}
