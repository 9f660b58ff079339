//! Dedicated step screens, where the experience differs from the generic
//! form: identify, authenticator choice, code entry (Okta Verify TOTP,
//! email), push waiting, push rejected, and the end states.
//!
//! Invariants: every screen has one `<h1>` naming the step, the message
//! region, and (while the transaction allows it) a cancel button; choice
//! buttons carry `data-authenticator` (and `data-method` when they pick a
//! method); the push screen polls only while mounted and the tab is visible.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use idx_core::{AuthenticatorOption, MessageClass, NextStep, StepName, Transaction, Values};
use leptos::prelude::*;

use crate::components::form::StepForm;
use crate::components::messages::{Level, Messages, Notice};
use crate::flow::{FlowError, Intent, use_flow};
use crate::focus;
use crate::i18n::use_i18n;
use crate::timer;

mod passkey;
mod webauthn;

/// Global notices for the current screen: the transaction's messages, then the app's.
fn notices_signal() -> Signal<Vec<Notice>> {
    let flow = use_flow();
    let i18n = use_i18n();
    Signal::derive(move || {
        let mut out: Vec<Notice> = flow.tx.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.messages
                        .iter()
                        .map(|m| Notice {
                            level: match &m.class {
                                MessageClass::Error => Level::Error,
                                MessageClass::Warning => Level::Warning,
                                _ => Level::Info,
                            },
                            text: i18n.idx(m),
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        out.extend(flow.notices.get());
        out
    })
}

/// The common frame of a step: heading, lead, messages (+ retry), content,
/// and the cancel action.
#[component]
pub fn StepFrame(
    /// The `<h1>`.
    #[prop(into)]
    title: String,
    /// One line under the heading.
    #[prop(optional, into)]
    lead: Option<String>,
    /// Extra actions in the footer, before cancel.
    #[prop(optional_no_strip)]
    footer: Option<ChildrenFn>,
    children: Children,
) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let can_cancel = move || {
        flow.tx
            .with(|t| t.as_ref().is_some_and(|t| t.has_action("cancel")))
    };
    let retry = move || {
        flow.retry.get().map(|_| {
            view! {
                <div class="message-actions">
                    <button
                        type="button"
                        class="secondary"
                        data-action="retry"
                        aria-busy=move || busy.get().then_some("true")
                        disabled=move || busy.get()
                        on:click=move |_| flow.retry_now()
                    >
                        {i18n.t("action.retry")}
                    </button>
                </div>
            }
        })
    };
    focus::focus_screen();
    set_title(&title);
    view! {
        <h1 tabindex="-1">{title}</h1>
        {lead.filter(|l| !l.is_empty()).map(|l| view! { <p class="lead">{l}</p> })}
        // Announces that a request runs; the busy button itself is silent.
        <p class="visually-hidden" role="status">
            {move || if busy.get() { i18n.t("progress.busy") } else { String::new() }}
        </p>
        <Messages items=notices_signal()>{retry}</Messages>
        {children()}
        <div class="actions">
            {footer.map(|f| f())}
            <Show when=can_cancel>
                <button
                    type="button"
                    class="link"
                    data-action="cancel"
                    disabled=move || busy.get()
                    on:click=move |_| flow.dispatch(Intent::Cancel)
                >
                    {i18n.t("action.cancel")}
                </button>
            </Show>
        </div>
    }
}

/// Names the tab after the step, so the history and tab strip say where the user is.
pub fn set_title(step_title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let app = use_i18n().t("app.title");
        doc.set_title(&format!("{step_title} · {app}"));
    }
}

/// Picks the screen for the current step.
pub fn step_screen(tx: &Transaction) -> AnyView {
    let Some(step) = tx.next_step.clone() else {
        return view! { <EndScreen expired=false /> }.into_any();
    };
    let flow = use_flow();
    let i18n = use_i18n();
    let kept = flow.typed.get_untracked();
    let key = step.authenticator.as_ref().and_then(|a| a.key.clone());
    match step.name {
        StepName::Identify => {
            let has_password = step.input("password").is_some();
            let label = i18n.t(if has_password {
                "action.sign_in"
            } else {
                "action.next"
            });
            let recover = recover_link(tx);
            let idps = idp_links(tx);
            let others = (!idps.is_empty()).then(|| {
                view! {
                    <p class="divider"><span>{i18n.t("identify.or")}</span></p>
                    {idps}
                }
            });
            let passkey = passkey::passkey_sign_in(tx);
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
        StepName::SelectAuthenticatorAuthenticate | StepName::SelectAuthenticatorEnroll => {
            view! { <ChooseAuthenticator step=step /> }.into_any()
        }
        StepName::AuthenticatorVerificationData
            if step
                .input("methodType")
                .is_some_and(|i| !i.options.is_empty()) =>
        {
            view! { <ChooseMethod step=step /> }.into_any()
        }
        StepName::ChallengeAuthenticator if key.as_deref() == Some("webauthn") => {
            webauthn::verify_screen(tx, step)
        }
        StepName::EnrollAuthenticator | StepName::EnrollAuthenticatorPromotion
            if key.as_deref() == Some("webauthn") =>
        {
            webauthn::enroll_screen(tx, step)
        }
        StepName::ChallengeAuthenticator | StepName::EnrollAuthenticator => {
            let (title, lead) = match key.as_deref() {
                Some("okta_verify") => (
                    i18n.t("challenge.okta_verify.title"),
                    i18n.t("challenge.okta_verify.lead"),
                ),
                Some("okta_email") => {
                    let to = step
                        .authenticator
                        .as_ref()
                        .and_then(|a| a.profile.iter().find(|(k, _)| k == "email"))
                        .map(|(_, v)| v.clone());
                    (
                        i18n.t("challenge.email.title"),
                        match to {
                            Some(addr) => i18n.f("challenge.email.lead_to", &[("email", &addr)]),
                            None => i18n.t("challenge.email.lead"),
                        },
                    )
                }
                Some("okta_password") => (i18n.t("challenge.password.title"), String::new()),
                _ => (
                    i18n.t("challenge.generic.title"),
                    i18n.t("challenge.generic.lead"),
                ),
            };
            let verify = i18n.t("action.verify");
            // Like Okta's widget, another email is offered only after a
            // while, so nobody asks again while the first is on its way.
            let footer = step.can_resend.then(|| -> ChildrenFn {
                let due = due_after(RESEND_AFTER_MS);
                Arc::new(move || {
                    let i18n = use_i18n();
                    view! {
                        <Show when=move || due.get()>
                            <p class="hint" data-testid="resend-hint">{i18n.t("challenge.resend_hint")}</p>
                            <ResendButton label=i18n.t("challenge.resend") />
                        </Show>
                    }
                    .into_any()
                })
            });
            let lead = (!lead.is_empty()).then_some(lead);
            let recover = recover_link(tx);
            view! {
                <StepFrame title=title lead=lead.unwrap_or_default() footer=footer>
                    <StepForm step=step submit_label=verify kept=kept />
                    {recover}
                </StepFrame>
            }
            .into_any()
        }
        StepName::IdentifyRecovery => form_screen(
            i18n.t("recover.title"),
            i18n.t("recover.lead"),
            step,
            i18n.t("action.next"),
            kept,
        ),
        StepName::ResetAuthenticator | StepName::ReenrollAuthenticator => {
            let lead = i18n.t(if step.name == StepName::ResetAuthenticator {
                "reset.lead"
            } else {
                "reset.expired_lead"
            });
            form_screen(
                i18n.t("step.new_password"),
                lead,
                step,
                i18n.t("reset.submit"),
                kept,
            )
        }
        StepName::ChallengePoll => view! { <PushWaiting /> }.into_any(),
        StepName::EnrollPoll => view! { <EnrollPoll /> }.into_any(),
        StepName::EnrollmentChannelData => {
            let lead = i18n.t(if step.input("phoneNumber").is_some() {
                "enroll.data.sms"
            } else {
                "enroll.data.email"
            });
            form_screen(
                i18n.t("enroll.title"),
                lead,
                step,
                i18n.t("enroll.send"),
                kept,
            )
        }
        StepName::Resend => view! { <PushRejected /> }.into_any(),
        StepName::RedirectIdp => {
            let idps = idp_links(tx);
            view! { <StepFrame title=i18n.t("identify.title")>{idps}</StepFrame> }.into_any()
        }
        _ => {
            let title = step_title(&step.name);
            view! {
                <StepFrame title=title>
                    <StepForm step=step submit_label=i18n.t("action.continue") kept=kept />
                </StepFrame>
            }
            .into_any()
        }
    }
}

/// A step shown as its form under a heading and a lead.
fn form_screen(
    title: String,
    lead: String,
    step: NextStep,
    submit_label: String,
    kept: std::collections::HashMap<String, String>,
) -> AnyView {
    view! {
        <StepFrame title=title lead=lead>
            <StepForm step=step submit_label=submit_label kept=kept />
        </StepFrame>
    }
    .into_any()
}

/// "Forgot password?" where the state offers password recovery (the
/// `recover` action of the current password authenticator or enrollment).
fn recover_link(tx: &Transaction) -> Option<AnyView> {
    let action = [
        "currentAuthenticator-recover",
        "currentAuthenticatorEnrollment-recover",
    ]
    .into_iter()
    .find(|name| tx.has_action(name))?;
    let flow = use_flow();
    let busy = flow.submit.pending();
    Some(
        view! {
            <p class="recover">
                <button
                    type="button"
                    class="link"
                    data-action="recover"
                    disabled=move || busy.get()
                    on:click=move |_| flow.dispatch(Intent::Action(action.to_owned()))
                >
                    {use_i18n().t("recover.link")}
                </button>
            </p>
        }
        .into_any(),
    )
}

/// One link per `redirect-idp` step: these leave the page for the identity
/// provider, which sends the browser back to the redirect URI (see
/// `pages::callback`). Plain links: a navigation, not a request of ours.
fn idp_links(tx: &Transaction) -> Vec<AnyView> {
    let i18n = use_i18n();
    tx.available_steps
        .iter()
        .filter(|s| s.name == StepName::RedirectIdp)
        .filter_map(|s| {
            let href = s.href.clone()?;
            let name = s
                .idp_name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| i18n.t("idp.default_name"));
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

fn step_title(name: &StepName) -> String {
    let i18n = use_i18n();
    match name {
        StepName::Skip => i18n.t("step.skip"),
        StepName::IdentifyRecovery => i18n.t("step.recovery"),
        StepName::ReenrollAuthenticator | StepName::ResetAuthenticator => {
            i18n.t("step.new_password")
        }
        StepName::KeepMeSignedIn => i18n.t("step.keep_me_signed_in"),
        other => {
            let s = other.as_str().replace('-', " ");
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

/// A button that resends the current challenge.
#[component]
fn ResendButton(#[prop(into)] label: String) -> impl IntoView {
    let flow = use_flow();
    let busy = flow.submit.pending();
    view! {
        <button
            type="button"
            class="link"
            data-action="resend"
            disabled=move || busy.get()
            on:click=move |_| flow.dispatch(Intent::Resend)
        >
            {label}
        </button>
    }
}

fn method_label(method: &str, fallback: &str) -> String {
    let i18n = use_i18n();
    match method {
        "push" => i18n.t("method.push"),
        "totp" => i18n.t("method.totp"),
        "signed_nonce" => i18n.t("method.fastpass"),
        "sms" => i18n.t("method.sms"),
        "voice" => i18n.t("method.voice"),
        _ if !fallback.trim().is_empty() => fallback.to_owned(),
        other => other.to_owned(),
    }
}

fn icon_for(key: &str, method: Option<&str>) -> &'static str {
    match (key, method) {
        ("okta_verify", Some("push")) => "✓",
        ("okta_verify", _) => "#",
        ("okta_email", _) => "@",
        ("okta_password", _) => "*",
        ("phone_number", _) => "☎",
        ("webauthn", _) => "⚿",
        _ => "•",
    }
}

/// One choice button.
#[component]
fn ChoiceButton(
    step: StepName,
    option: AuthenticatorOption,
    method: Option<(String, String)>,
) -> impl IntoView {
    let flow = use_flow();
    let busy = flow.submit.pending();
    let key = option.key.clone().unwrap_or_default();
    let (title, sub) = match &method {
        Some((m, l)) => (method_label(m, l), option.label.clone()),
        None => (option.label.clone(), String::new()),
    };
    let icon = icon_for(&key, method.as_ref().map(|(m, _)| m.as_str()));
    let chosen = option.id.clone().or(option.key.clone()).unwrap_or_default();
    let method_value = method.as_ref().map(|(m, _)| m.clone());
    // Okta Verify enrollment starts with the QR code, as Okta's widget does
    // on a computer; the enrollment screen offers the other channels.
    let channel = option
        .channels
        .iter()
        .any(|c| c.value == "qrcode")
        .then_some("qrcode");
    view! {
        <li>
            <button
                type="button"
                data-authenticator=key
                data-method=method_value.clone()
                disabled=move || busy.get()
                on:click=move |_| {
                    let mut values = Values::new().text("authenticator", chosen.clone());
                    if let Some(m) = &method_value {
                        values.insert_text("methodType", m.clone());
                    }
                    if let Some(c) = channel {
                        values.insert_text("channel", c);
                    }
                    flow.dispatch(Intent::Step(step.clone(), values));
                }
            >
                <span class="choice-icon" aria-hidden="true">{icon}</span>
                <span class="choice-text">
                    <span class="choice-title">{title}</span>
                    {(!sub.is_empty()).then(|| view! { <span class="choice-sub">{sub}</span> })}
                </span>
            </button>
        </li>
    }
}

/// `select-authenticator-*`: Okta Verify as push and code, then the others.
#[component]
pub fn ChooseAuthenticator(step: NextStep) -> impl IntoView {
    let mut buttons = Vec::new();
    for option in &step.authenticator_options {
        let usable: Vec<_> = option
            .methods
            .iter()
            // FastPass needs the device-side app probe; not offered here.
            .filter(|m| m.value != "signed_nonce")
            .collect();
        if option.methods.len() > 1
            || option.key.as_deref() == Some("okta_verify") && !usable.is_empty()
        {
            if usable.is_empty() {
                continue;
            }
            for m in usable {
                buttons.push(view! {
                    <ChoiceButton
                        step=step.name.clone()
                        option=option.clone()
                        method=Some((m.value.clone(), m.label.clone()))
                    />
                });
            }
        } else {
            buttons.push(
                view! { <ChoiceButton step=step.name.clone() option=option.clone() method=None /> },
            );
        }
    }
    let enroll = matches!(step.name, StepName::SelectAuthenticatorEnroll);
    let i18n = use_i18n();
    let (title, lead) = if enroll {
        (i18n.t("choose.enroll.title"), i18n.t("choose.enroll.lead"))
    } else {
        (i18n.t("choose.title"), i18n.t("choose.lead"))
    };
    view! {
        <StepFrame title=title lead=lead>
            <form data-step=step.name.as_str().to_owned() on:submit=|ev| ev.prevent_default()>
                <ul class="choices">{buttons}</ul>
            </form>
        </StepFrame>
    }
}

/// `authenticator-verification-data` with a method choice.
#[component]
pub fn ChooseMethod(step: NextStep) -> impl IntoView {
    let flow = use_flow();
    let busy = flow.submit.pending();
    let key = step
        .authenticator
        .as_ref()
        .and_then(|a| a.key.clone())
        .unwrap_or_default();
    let name = step.name.clone();
    let buttons = step
        .input("methodType")
        .map(|i| i.options.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|o| o.value != "signed_nonce")
        .map(|o| {
            let key = key.clone();
            let name = name.clone();
            let value = o.value.clone();
            let title = method_label(&o.value, &o.label);
            let icon = icon_for(&key, Some(&o.value));
            view! {
                <li>
                    <button
                        type="button"
                        data-authenticator=key.clone()
                        data-method=o.value.clone()
                        disabled=move || busy.get()
                        on:click=move |_| {
                            flow.dispatch(
                                Intent::Step(name.clone(), Values::new().text("methodType", value.clone())),
                            )
                        }
                    >
                        <span class="choice-icon" aria-hidden="true">{icon}</span>
                        <span class="choice-text"><span class="choice-title">{title}</span></span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <StepFrame title=use_i18n().t("choose.method.title") lead=use_i18n().t("choose.lead")>
            <form data-step=step.name.as_str().to_owned() on:submit=|ev| ev.prevent_default()>
                <ul class="choices">{buttons}</ul>
            </form>
        </StepFrame>
    }
}

/// The way from a push screen to the code: the Okta Verify option of the
/// `select-authenticator-authenticate` step still offered with the push.
/// With the TOTP method listed, it is picked in one step; with no methods
/// listed, the server asks for the method next (`authenticator-verification-data`).
fn use_code_intent(tx: &Transaction) -> Option<Intent> {
    let step = tx.step(&StepName::SelectAuthenticatorAuthenticate)?;
    // Some servers omit `key` on authenticators: fall back to the id of
    // the authenticator being challenged.
    let current_id = tx
        .next_step
        .as_ref()
        .and_then(|s| s.authenticator.as_ref())
        .and_then(|a| a.id.clone());
    let ov = step.authenticator_options.iter().find(|o| {
        o.key.as_deref() == Some("okta_verify")
            || (o.key.is_none() && o.id.is_some() && o.id == current_id)
    })?;
    let chosen = ov.id.clone().or(ov.key.clone())?;
    let mut values = Values::new().text("authenticator", chosen);
    if ov.methods.iter().any(|m| m.value == "totp") {
        values.insert_text("methodType", "totp");
    } else if !ov.methods.is_empty() {
        return None;
    }
    Some(Intent::Step(step.name.clone(), values))
}

/// How long the push and email screens wait before offering to send again
/// (Okta's widget waits as long).
pub const RESEND_AFTER_MS: u32 = 30_000;

/// Overrides [`RESEND_AFTER_MS`] for the screens below where it is provided
/// as context (component tests, which cannot wait half a minute).
#[derive(Debug, Clone, Copy)]
pub struct ResendDelay(pub u32);

/// A flag that turns true `ms` (or the [`ResendDelay`] in context) after the
/// calling component was created, unless it is gone by then.
fn due_after(ms: u32) -> ReadSignal<bool> {
    let ms = use_context::<ResendDelay>().map_or(ms, |delay| delay.0);
    let due = RwSignal::new(false);
    let gone = Arc::new(AtomicBool::new(false));
    let gone_timer = Arc::clone(&gone);
    on_cleanup(move || gone.store(true, Ordering::Relaxed));
    leptos::task::spawn_local(async move {
        timer::sleep(ms).await;
        if !gone_timer.load(Ordering::Relaxed) {
            due.set(true);
        }
    });
    due.read_only()
}

/// The status-line texts (i18n keys) of a poll loop.
#[derive(Debug, Clone, Copy)]
struct PollTexts {
    /// While waiting normally.
    waiting: &'static str,
    /// After a failed poll (`{seconds}` until the next one).
    failed: &'static str,
}

/// Polls the current poll step at its `refresh` interval for as long as the
/// calling screen lives (a flag set on cleanup stops it): backs off after a
/// failure or a rate limit and says so in `status`, pauses while the tab is
/// hidden, skips a round while a submit runs, and ends once the state no
/// longer polls.
fn poll_while_mounted(status: RwSignal<String>, texts: PollTexts) {
    let flow = use_flow();
    let i18n = use_i18n();
    let stop = Arc::new(AtomicBool::new(false));
    let stop_loop = Arc::clone(&stop);
    on_cleanup(move || stop.store(true, Ordering::Relaxed));
    leptos::task::spawn_local(async move {
        let mut failures: u32 = 0;
        loop {
            let refresh = flow.tx.with_untracked(|t| {
                t.as_ref()
                    .and_then(|t| t.next_step.as_ref())
                    .and_then(|s| s.poll)
                    .map_or(4000, |p| p.refresh_ms)
            });
            let delay = if failures == 0 {
                refresh
            } else {
                (refresh.max(1000) << failures.min(4)).min(30_000)
            };
            timer::sleep(delay).await;
            if stop_loop.load(Ordering::Relaxed) {
                return;
            }
            if !timer::page_visible() {
                status.set(i18n.t("push.paused"));
                while !timer::page_visible() {
                    timer::sleep(500).await;
                    if stop_loop.load(Ordering::Relaxed) {
                        return;
                    }
                }
            }
            if flow.submit.pending().get_untracked() {
                continue;
            }
            match flow.poll_once().await {
                Ok(true) => {
                    failures = 0;
                    status.set(i18n.t(texts.waiting));
                }
                Ok(false) => return,
                Err(FlowError::RateLimited) => {
                    failures = 4;
                    status.set(i18n.t("push.rate_limited"));
                }
                Err(_) => {
                    failures += 1;
                    let next = (refresh.max(1000) << failures.min(4)).min(30_000) / 1000;
                    status.set(i18n.f(texts.failed, &[("seconds", &next.to_string())]));
                }
            }
        }
    });
}

/// `challenge-poll`: waits for the push, shows the number challenge, polls;
/// offers "send another push" after [`RESEND_AFTER_MS`].
#[component]
pub fn PushWaiting() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let status = RwSignal::new(i18n.t("push.waiting"));
    let number = Memo::new(move |_| {
        flow.tx.with(|t| {
            t.as_ref()
                .and_then(|t| t.next_step.as_ref())
                .and_then(|s| s.authenticator.as_ref())
                .and_then(|a| a.correct_answer.clone())
        })
    });
    let use_code = Memo::new(move |_| {
        flow.tx
            .with(|t| t.as_ref().and_then(use_code_intent).is_some())
    });
    // Like Okta's widget, "send another push" is offered only after a while,
    // so nobody sends a second push while the first is still on its way.
    let resend_due = due_after(RESEND_AFTER_MS);
    let can_resend = Memo::new(move |_| {
        resend_due.get()
            && flow.tx.with(|t| {
                t.as_ref()
                    .and_then(|t| t.next_step.as_ref())
                    .is_some_and(|s| s.can_resend)
            })
    });

    poll_while_mounted(
        status,
        PollTexts {
            waiting: "push.waiting",
            failed: "push.poll_failed",
        },
    );

    let footer: ChildrenFn = Arc::new(move || {
        view! {
            <Show when=move || use_code.get()>
                <button
                    type="button"
                    class="link"
                    data-action="use-code"
                    disabled=move || busy.get()
                    on:click=move |_| {
                        if let Some(intent) = flow.tx.with_untracked(|t| t.as_ref().and_then(use_code_intent)) {
                            flow.dispatch(intent);
                        }
                    }
                >
                    {i18n.t("push.use_code")}
                </button>
            </Show>
            <Show when=move || can_resend.get()>
                <p class="hint" data-testid="push-resend-hint">{i18n.t("push.resend_hint")}</p>
                <ResendButton label=i18n.t("push.resend") />
            </Show>
        }
        .into_any()
    });

    view! {
        <StepFrame title=i18n.t("push.title") footer=Some(footer)>
            <div class="push" data-testid="push-waiting">
                {move || match number.get() {
                    Some(n) => view! {
                        <p>{i18n.t("push.number_prompt")}</p>
                        <div class="number-challenge" data-testid="number-challenge">{n}</div>
                    }
                    .into_any(),
                    None => view! {
                        <div class="pulse" aria-hidden="true"></div>
                        <p>{i18n.t("push.sent")}</p>
                    }
                    .into_any(),
                }}
                <p class="status-line" role="status" aria-live="polite">{move || status.get()}</p>
            </div>
        </StepFrame>
    }
}

/// `enroll-poll`: Okta Verify is being set up on the person's phone, by the
/// QR code shown here or a link sent by email or SMS; polls until the phone
/// finishes, and offers the other channels the state allows
/// (`select-enrollment-channel`).
#[component]
pub fn EnrollPoll() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let status = RwSignal::new(i18n.t("enroll.waiting"));
    poll_while_mounted(
        status,
        PollTexts {
            waiting: "enroll.waiting",
            failed: "enroll.poll_failed",
        },
    );
    let (authenticator, channels, can_resend) = flow.tx.with_untracked(|t| {
        let Some(t) = t.as_ref() else {
            return (None, Vec::new(), false);
        };
        let channels = t
            .step(&StepName::SelectEnrollmentChannel)
            .and_then(|s| s.input("channel"))
            .map(|i| i.options.iter().map(|o| o.value.clone()).collect())
            .unwrap_or_default();
        let step = t.next_step.as_ref();
        (
            step.and_then(|s| s.authenticator.clone()),
            channels,
            step.is_some_and(|s| s.can_resend),
        )
    });
    let authenticator = authenticator.unwrap_or_default();
    let selected = authenticator
        .selected_channel
        .clone()
        .unwrap_or_else(|| "qrcode".to_owned());
    let showing_qr = authenticator.qr_code.is_some();
    let body = match authenticator.qr_code.clone() {
        Some(qr) => view! {
            <ol class="enroll-steps">
                <li>{i18n.t("enroll.qr.install")}</li>
                <li>{i18n.t("enroll.qr.add")}</li>
                <li>{i18n.t("enroll.qr.scan")}</li>
            </ol>
            <img class="qr" src=qr alt=i18n.t("enroll.qr.alt") width="200" height="200" data-testid="enroll-qr" />
        }
        .into_any(),
        None => {
            let text = match (selected.as_str(), authenticator.channel_address.as_deref()) {
                ("email", Some(to)) => i18n.f("enroll.sent.email", &[("address", to)]),
                ("sms", Some(to)) => i18n.f("enroll.sent.sms", &[("address", to)]),
                _ => i18n.t("enroll.sent.generic"),
            };
            view! { <p data-testid="enroll-sent">{text}</p> }.into_any()
        }
    };
    // The other ways offered: behind "Can't scan?" under a QR code, listed
    // at once under a sent link.
    let others: Vec<String> = channels
        .into_iter()
        .filter(|c| *c != selected && matches!(c.as_str(), "qrcode" | "email" | "sms"))
        .collect();
    let reveal = RwSignal::new(!showing_qr);
    let resend_due = due_after(RESEND_AFTER_MS);
    let footer: ChildrenFn = Arc::new(move || {
        let i18n = use_i18n();
        let has_others = !others.is_empty();
        let others = others.clone();
        view! {
            <Show when=move || can_resend && resend_due.get()>
                <ResendButton label=i18n.t("enroll.resend") />
            </Show>
            <Show when=move || has_others && !reveal.get()>
                <button
                    type="button"
                    class="link"
                    data-action="cant-scan"
                    on:click=move |_| {
                        reveal.set(true);
                        // The button goes away: keep the keyboard user's place.
                        focus::focus_soon("[data-action=enroll-channel]");
                    }
                >
                    {i18n.t("enroll.cant_scan")}
                </button>
            </Show>
            <Show when=move || reveal.get()>
                {
                    let others = others.clone();
                    move || channel_buttons(&others)
                }
            </Show>
        }
        .into_any()
    });
    view! {
        <StepFrame title=i18n.t("enroll.title") footer=Some(footer)>
            <div class="enroll" data-testid="enroll-waiting">
                {body}
                <p class="status-line" role="status" aria-live="polite">{move || status.get()}</p>
            </div>
        </StepFrame>
    }
}

/// One button per other enrollment channel (`select-enrollment-channel`).
fn channel_buttons(channels: &[String]) -> impl IntoView + use<> {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    channels
        .iter()
        .map(|channel| {
            let channel = channel.clone();
            let label = i18n.t(&format!("enroll.channel.{channel}"));
            view! {
                <button
                    type="button"
                    class="link"
                    data-action="enroll-channel"
                    data-channel=channel.clone()
                    disabled=move || busy.get()
                    on:click=move |_| {
                        flow.dispatch(Intent::Step(
                            StepName::SelectEnrollmentChannel,
                            Values::new().text("channel", channel.clone()),
                        ));
                    }
                >
                    {label}
                </button>
            }
        })
        .collect_view()
}

/// `resend` remediation: the push was rejected or failed.
#[component]
pub fn PushRejected() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let use_code = flow
        .tx
        .with_untracked(|t| t.as_ref().and_then(use_code_intent));
    let footer: Option<ChildrenFn> = use_code.map(|intent| -> ChildrenFn {
        let intent = StoredValue::new_local(intent);
        Arc::new(move || {
            view! {
                <button
                    type="button"
                    class="link"
                    data-action="use-code"
                    disabled=move || busy.get()
                    on:click=move |_| flow.dispatch(intent.get_value())
                >
                    {i18n.t("push.use_code")}
                </button>
            }
            .into_any()
        })
    });
    let body = view! {
        <form data-step="resend" on:submit=move |ev| {
            ev.prevent_default();
            flow.dispatch(Intent::Resend);
        }>
            <button
                type="submit"
                class="primary"
                data-action="resend"
                aria-busy=move || busy.get().then_some("true")
                disabled=move || busy.get()
            >
                {i18n.t("push.resend")}
            </button>
        </form>
    };
    let title = i18n.t("push.rejected.title");
    view! { <StepFrame title=title footer=footer>{body}</StepFrame> }
}

/// TERMINAL or expired: what happened and a way to start over.
#[component]
pub fn EndScreen(
    /// The transaction expired (rather than ended).
    expired: bool,
) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let extra: Vec<Notice> = if expired {
        let mut v: Vec<Notice> = flow
            .expired_messages
            .get_untracked()
            .into_iter()
            .map(|m| Notice::error(i18n.idx(&m)))
            .collect();
        if v.is_empty() {
            v.push(Notice::error(i18n.t("end.expired")));
        }
        v
    } else {
        Vec::new()
    };
    let items = {
        let base = notices_signal();
        Signal::derive(move || {
            let mut v = extra.clone();
            v.extend(base.get());
            if v.is_empty() {
                v.push(Notice::info(i18n.t("end.ended")));
            }
            v
        })
    };
    let title = i18n.t(if expired {
        "end.expired.title"
    } else {
        "end.stopped.title"
    });
    focus::focus_screen();
    set_title(&title);
    view! {
        <h1 tabindex="-1">{title}</h1>
        <Messages items=items />
        <p>{i18n.t("end.start_again")}</p>
        <button type="button" class="primary" data-action="restart" on:click=move |_| flow.restart()>
            {i18n.t("action.restart")}
        </button>
    }
}
