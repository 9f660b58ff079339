//! The CAPTCHA of a step that asks for one (protocol doc §8.7): an
//! invisible widget in the form, solved on submit, its token added to what
//! the form sends.
//!
//! Invariants: the vendor's script starts loading when such a form is
//! shown, never before; the widget is rendered once per form, on the first
//! submit that needs it; a failed or closed challenge sends nothing, says so
//! in the message region and leaves what was typed; a CAPTCHA this page
//! cannot run (an unknown vendor, a state without the `captcha` object)
//! says so at once and the form's submit stays off, so nothing is sent that
//! Okta must refuse; hCaptcha's notice (its privacy policy and terms) is
//! shown under the form, as the vendor requires for an invisible widget.

use std::cell::RefCell;
use std::rc::Rc;

use idx_core::{Captcha, CaptchaKind};
use leptos::html::Div;
use leptos::prelude::*;

use crate::captcha::{CaptchaError, Widget};
use crate::config::use_config;
use crate::flow::use_flow;
use crate::i18n::{I18n, use_i18n};
use crate::notice::Notice;

/// What a form with a CAPTCHA needs: where the widget goes, what runs it.
#[derive(Clone)]
pub(super) struct CaptchaSlot {
    captcha: Option<Captcha>,
    script: Option<String>,
    node: NodeRef<Div>,
    widget: Rc<RefCell<Option<Rc<Widget>>>>,
    /// A challenge is running (the submit button shows busy).
    pub(super) solving: RwSignal<bool>,
}

impl CaptchaSlot {
    /// The slot for the current transaction's CAPTCHA; starts loading the
    /// vendor's script.
    pub(super) fn new() -> Self {
        let captcha = use_flow()
            .tx
            .with_untracked(|t| t.as_ref().and_then(|t| t.captcha.clone()));
        let script = captcha
            .as_ref()
            .and_then(|c| use_config().captcha_script(&c.kind));
        let slot = Self {
            captcha,
            script,
            node: NodeRef::new(),
            widget: Rc::new(RefCell::new(None)),
            solving: RwSignal::new(false),
        };
        if slot.runnable() {
            let preload = slot.clone();
            let lang = use_i18n().lang().tag();
            leptos::task::spawn_local(async move {
                // Loading early makes the first submit fast; a failure
                // here is reported by that submit.
                if let (Some(c), Some(src)) = (&preload.captcha, &preload.script) {
                    let _ = crate::captcha::preload(&c.kind, src, lang).await;
                }
            });
        }
        slot
    }

    /// Whether this page can run the state's CAPTCHA at all.
    pub(super) fn runnable(&self) -> bool {
        self.script.is_some()
            && self
                .captcha
                .as_ref()
                .is_some_and(|c| !matches!(c.kind, CaptchaKind::Other(_)))
    }

    /// Solves the CAPTCHA (rendering the widget on first use).
    ///
    /// # Errors
    /// Why no token came.
    pub(super) async fn solve(&self, lang: &str) -> Result<String, CaptchaError> {
        let (Some(captcha), Some(src)) = (&self.captcha, &self.script) else {
            return Err(CaptchaError::Unsupported);
        };
        let existing = self.widget.borrow().clone();
        let widget = match existing {
            Some(w) => w,
            None => {
                let host = self.node.get_untracked().ok_or(CaptchaError::NotLoaded)?;
                let w = Rc::new(
                    Widget::render(&captcha.kind, &captcha.site_key, src, lang, &host).await?,
                );
                *self.widget.borrow_mut() = Some(w.clone());
                w
            }
        };
        widget.solve().await
    }

    /// The widget's host and the notices that go with it.
    pub(super) fn view(&self) -> impl IntoView + use<> {
        let i18n = use_i18n();
        let hcaptcha = self
            .captcha
            .as_ref()
            .is_some_and(|c| c.kind == CaptchaKind::HCaptcha);
        let unsupported = (!self.runnable()).then(|| {
            view! {
                <p class="field-error" role="alert" data-testid="captcha-unsupported">
                    {i18n.t("captcha.unsupported")}
                </p>
            }
        });
        view! {
            <div class="captcha" data-testid="captcha" node_ref=self.node></div>
            {unsupported}
            {hcaptcha
                .then(|| {
                    view! {
                        <p class="hint captcha-notice">
                            {i18n.t("captcha.hcaptcha_notice")} " "
                            <a href="https://www.hcaptcha.com/privacy" target="_blank" rel="noopener noreferrer">
                                {i18n.t("captcha.privacy")}
                            </a>
                            " · "
                            <a href="https://www.hcaptcha.com/terms" target="_blank" rel="noopener noreferrer">
                                {i18n.t("captcha.terms")}
                            </a>
                        </p>
                    }
                })}
        }
    }
}

/// What to tell the person when no token came.
pub(super) fn failure_notice(i18n: &I18n, error: &CaptchaError) -> Notice {
    Notice::error(i18n.t(match error {
        CaptchaError::Unsupported => "captcha.unsupported",
        CaptchaError::NotLoaded => "captcha.not_loaded",
        CaptchaError::Cancelled => "captcha.cancelled",
        CaptchaError::Failed => "captcha.failed",
    }))
}
