//! English, the one language compiled into the bundle.
//!
//! Invariants: `APP` is sorted by key (looked up by binary search; a unit
//! test checks the order); every other language's JSON has exactly these
//! keys with the same `{placeholders}`. `IDX` holds English text only for
//! IDX keys whose recorded `message` can be empty (Okta sends the key alone),
//! since otherwise the server's own English text is shown.

/// The app's own strings: `(key, English text)`, sorted by key. The
/// authenticator screens' strings (`auth.*`) are in [`AUTHENTICATORS`], the
/// policy routes' (sign-up, unlock, consent, skip, the ends...) in
/// [`FLOWS`]; [`TABLES`] lists every table.
pub(crate) static APP: &[(&str, &str)] = &[
    ("action.cancel", "Cancel"),
    ("action.continue", "Continue"),
    ("action.next", "Next"),
    ("action.restart", "Start over"),
    ("action.retry", "Try again"),
    ("action.sign_in", "Sign in"),
    ("action.sign_out", "Sign out"),
    ("action.verify", "Verify"),
    ("app.brand", "Secure sign-in"),
    ("app.loading", "Loading…"),
    ("app.title", "Sign in"),
    ("brand.help", "Help"),
    ("brand.links", "Help and legal"),
    ("callback.continuing", "Continuing your sign-in…"),
    ("callback.default", "This sign-in link cannot be used here."),
    ("callback.denied", "Sign-in was denied."),
    (
        "callback.foreign",
        "This sign-in link does not belong to a sign-in started in this tab.",
    ),
    ("callback.otp.close", "You can close this tab afterwards."),
    (
        "callback.otp.lead",
        "This email link was opened outside the tab where you started signing in. Go back to that tab and enter this code:",
    ),
    (
        "callback.otp.never_share",
        "Never share this code. No one from support will ever ask for it, and anyone who has it can sign in as you.",
    ),
    ("callback.otp.title", "Your sign-in code"),
    (
        "callback.otp_unused",
        "That email link isn't needed for this step. Continue below.",
    ),
    ("callback.title", "Sign-in interrupted"),
    (
        "captcha.cancelled",
        "The CAPTCHA was closed before it was solved. Submit again to get a new one.",
    ),
    (
        "captcha.failed",
        "The CAPTCHA could not be checked. Submit again, or try again later.",
    ),
    (
        "captcha.hcaptcha_notice",
        "This form is protected by hCaptcha. Its privacy policy and terms of service apply.",
    ),
    (
        "captcha.not_loaded",
        "The CAPTCHA this sign-in needs could not load. Check your connection (and any content blocker), then submit again.",
    ),
    ("captcha.privacy", "Privacy policy"),
    ("captcha.terms", "Terms of service"),
    (
        "captcha.unsupported",
        "Your organisation asks for a CAPTCHA that this page cannot show. Go back, or ask your administrator for help.",
    ),
    (
        "challenge.email.lead",
        "We sent you a verification code by email. Enter it below.",
    ),
    (
        "challenge.email.lead_to",
        "We sent a verification code to {email}. Enter it below.",
    ),
    ("challenge.email.title", "Check your email"),
    (
        "challenge.generic.lead",
        "Enter the code from your authenticator.",
    ),
    ("challenge.generic.title", "Verify it's you"),
    (
        "challenge.okta_verify.lead",
        "Open Okta Verify on your phone and enter the 6-digit code it shows.",
    ),
    (
        "challenge.okta_verify.title",
        "Enter a code from Okta Verify",
    ),
    ("challenge.password.title", "Enter your password"),
    ("challenge.resend", "Send a new code"),
    (
        "challenge.resend_hint",
        "Haven't received the email? Check your spam folder, or send a new code.",
    ),
    (
        "choose.enroll.lead",
        "Choose a method to add to your account.",
    ),
    ("choose.enroll.title", "Set up a security method"),
    ("choose.lead", "Choose how you want to verify."),
    ("choose.method.title", "Verify with Okta Verify"),
    ("choose.title", "Verify it's you"),
    (
        "config.body",
        "The app reads its settings from config.json at the root of this site. Put a file like the one below next to index.html, with the values of your Okta org and app, then reload.",
    ),
    (
        "config.hint",
        "issuer: your authorization server; clientId: the SPA app's client id; redirectUri: a sign-in redirect URI registered on that app; scopes must include openid.",
    ),
    ("config.title", "This sign-in page is not set up yet"),
    ("enroll.cant_scan", "Can't scan? Set up another way"),
    ("enroll.channel.email", "Send me a setup link by email"),
    ("enroll.channel.qrcode", "Scan a QR code instead"),
    ("enroll.channel.sms", "Send me a setup link by text message"),
    (
        "enroll.data.email",
        "Enter your email address. We'll send a link to open on your phone.",
    ),
    (
        "enroll.data.sms",
        "Enter your phone number. We'll send a link by text message.",
    ),
    (
        "enroll.poll_failed",
        "Connection problem while checking your setup. Trying again in {seconds} s…",
    ),
    (
        "enroll.qr.add",
        "Open Okta Verify, add an account (+) and choose to scan a QR code.",
    ),
    ("enroll.qr.alt", "QR code for setting up Okta Verify"),
    (
        "enroll.qr.install",
        "On your phone, install Okta Verify from the App Store or Google Play.",
    ),
    ("enroll.qr.scan", "Point your phone's camera at this code:"),
    ("enroll.resend", "Send the link again"),
    ("enroll.send", "Send link"),
    (
        "enroll.sent.email",
        "We sent a setup link to {address}. Open the email on your phone and tap the link.",
    ),
    (
        "enroll.sent.generic",
        "We sent you a setup link. Open it on your phone.",
    ),
    (
        "enroll.sent.sms",
        "We sent a setup link to {address}. Open the text message on your phone and tap the link.",
    ),
    ("enroll.title", "Set up Okta Verify"),
    (
        "enroll.waiting",
        "Waiting for Okta Verify to finish setting up…",
    ),
    (
        "error.browser",
        "This browser blocks something signing in needs (storage for this tab, or cryptography). Check its privacy settings, then try again.",
    ),
    (
        "error.network",
        "We couldn't reach the sign-in service. Check your connection and try again.",
    ),
    (
        "error.rate_limited",
        "Too many attempts. Please wait a minute, then try again.",
    ),
    (
        "error.server",
        "The sign-in service had a problem (HTTP {status}). Please try again.",
    ),
    ("error.setup", "Sign-in is not available: {reason}"),
    ("error.unknown", "Something went wrong. Please try again."),
    (
        "error.untrusted",
        "The sign-in service sent a link to another site, so this step was stopped and nothing was sent there. Please contact your administrator.",
    ),
    ("field.code", "Code"),
    ("field.confirm_password", "Re-enter password"),
    ("field.new_password", "New password"),
    ("field.password", "Password"),
    ("field.remember_me", "Keep me signed in"),
    ("field.username", "Username"),
    ("flow.email_resent", "We sent you a new code by email."),
    (
        "flow.lost",
        "This sign-in can no longer be completed in this tab. Please start again.",
    ),
    ("flow.resent", "We sent it again."),
    (
        "flow.restarted",
        "Your previous sign-in attempt expired, so we started a new one.",
    ),
    ("form.choose", "Choose…"),
    ("form.code_format", "Enter the 6-digit code (numbers only)."),
    ("form.hide", "Hide"),
    ("form.max_length", "Use at most {max} characters."),
    ("form.required", "Enter your {field}."),
    ("form.show", "Show"),
    ("form.show_password", "Show password"),
    ("home.email", "Email"),
    ("home.expiry", "{when} (in {minutes} min)"),
    ("home.lead", "You are signed in."),
    ("home.title", "Home"),
    ("home.valid_until", "Session valid until"),
    ("home.welcome", "Welcome, {name}"),
    ("identify.lead", "Use your work account."),
    ("identify.or", "or"),
    ("identify.title", "Sign in"),
    ("idp.continue", "Continue with {name}"),
    ("idp.default_name", "your identity provider"),
    (
        "login.already_signed_in",
        "You are already signed in. Redirecting…",
    ),
    ("login.finishing", "Signing you in…"),
    ("login.starting", "Starting sign-in…"),
    ("login.to_sign_in", "Taking you to sign-in…"),
    ("method.fastpass", "Use Okta FastPass"),
    ("method.push", "Get a push notification"),
    ("method.sms", "Get a text message"),
    ("method.totp", "Enter a code"),
    ("method.voice", "Get a phone call"),
    ("notfound.home", "Go to the home page"),
    ("notfound.lead", "There is nothing at this address."),
    ("notfound.title", "Page not found"),
    ("password.met", "(done)"),
    ("password.mismatch", "The passwords don't match."),
    ("password.not_met", "(not yet)"),
    ("password.rule.length", "At least {n} characters"),
    ("password.rule.lower", "Lower-case letters: at least {n}"),
    ("password.rule.no_first_name", "Not your first name"),
    ("password.rule.no_last_name", "Not your last name"),
    ("password.rule.no_username", "No part of your username"),
    ("password.rule.number", "Numbers: at least {n}"),
    ("password.rule.symbol", "Symbols: at least {n}"),
    ("password.rule.upper", "Upper-case letters: at least {n}"),
    ("password.rules_title", "Your password needs:"),
    (
        "password.unmet",
        "Choose a password that meets every requirement listed below.",
    ),
    ("progress.busy", "Please wait…"),
    (
        "push.number_prompt",
        "Tap this number in Okta Verify to approve:",
    ),
    ("push.paused", "Paused while this tab is in the background."),
    (
        "push.poll_failed",
        "Connection problem while checking for your approval. Trying again in {seconds} s…",
    ),
    (
        "push.rate_limited",
        "Too many checks. Waiting a little before checking again…",
    ),
    ("push.rejected.title", "Push notification not approved"),
    ("push.resend", "Send another push"),
    (
        "push.resend_hint",
        "No notification yet? Open Okta Verify on your phone, or send another push.",
    ),
    (
        "push.sent",
        "We sent a push notification to Okta Verify on your phone.",
    ),
    ("push.title", "Check Okta Verify"),
    ("push.use_code", "Enter a code instead"),
    (
        "push.waiting",
        "Waiting for you to approve the notification…",
    ),
    (
        "recover.lead",
        "Enter your username. Once we've verified it's you, you can choose a new password.",
    ),
    ("recover.link", "Forgot password?"),
    ("recover.title", "Reset your password"),
    (
        "reset.expired_lead",
        "Your password has expired. Choose a new one to continue.",
    ),
    ("reset.lead", "Choose a new password for your account."),
    ("reset.submit", "Save password"),
    (
        "reset.warning_lead",
        "Your password expires soon. Change it now, or be reminded later.",
    ),
    (
        "signout.unreachable",
        "Signed out here, but could not reach the sign-out page.",
    ),
    (
        "split.failed",
        "Part of this page couldn't be downloaded. Check your connection and try again: nothing you entered is lost.",
    ),
    ("split.failed_title", "This step didn't load"),
    ("step.keep_me_signed_in", "Stay signed in?"),
    ("step.new_password", "Set a new password"),
    ("step.recovery", "Reset your password"),
    ("step.skip", "Skip this step?"),
    ("tokens.failed", "Sign-in could not be completed: {reason}"),
    (
        "tokens.invalid",
        "We could not verify your sign-in ({reason}). You have not been signed in.",
    ),
    (
        "webauthn.admin_note",
        "Instructions from your administrator",
    ),
    (
        "webauthn.enroll.lead.custom",
        "Your browser will ask you to register {name}. Follow its instructions.",
    ),
    (
        "webauthn.enroll.lead.default",
        "Your browser will ask you to register a security key or biometrics, such as Windows Hello or Touch ID. Follow its instructions.",
    ),
    (
        "webauthn.enroll.lead.passkeys",
        "Your browser will ask you to create a passkey. With a passkey you sign in with your fingerprint, face or screen lock.",
    ),
    ("webauthn.enroll.set_up", "Set up"),
    ("webauthn.enroll.title.custom", "Set up {name}"),
    (
        "webauthn.enroll.title.default",
        "Set up a security key or biometrics",
    ),
    ("webauthn.enroll.title.passkeys", "Set up a passkey"),
    (
        "webauthn.error.already",
        "This authenticator is already set up for your account. Use another one, or choose another method.",
    ),
    (
        "webauthn.error.cancelled",
        "The request was cancelled or timed out. Try again, or choose another method.",
    ),
    (
        "webauthn.error.invalid_passkey",
        "That passkey can't sign you in here. Enter your username instead.",
    ),
    (
        "webauthn.error.other",
        "Your authenticator couldn't complete the request. Try again, or choose another method.",
    ),
    (
        "webauthn.error.passkey",
        "Signing in with a passkey didn't work. Try again, or enter your username.",
    ),
    (
        "webauthn.error.rp_id",
        "Security keys and passkeys of your organization can't be used from this page's address. Sign in from your organization's sign-in page, or ask your administrator.",
    ),
    (
        "webauthn.error.unsupported",
        "This browser can't use security keys or passkeys. Use another browser, or choose another method.",
    ),
    ("webauthn.identify.passkey", "Sign in with a passkey"),
    ("webauthn.promotion.create", "Create a passkey"),
    (
        "webauthn.promotion.lead",
        "Next time, sign in with your fingerprint, face or screen lock instead of typing a password.",
    ),
    ("webauthn.promotion.title", "Sign in faster with a passkey"),
    (
        "webauthn.uv_required",
        "This authenticator asks for your PIN or biometrics.",
    ),
    (
        "webauthn.verify.lead.custom",
        "Your browser will ask you to use {name}. Follow its instructions.",
    ),
    (
        "webauthn.verify.lead.default",
        "Your browser will ask you to use a security key or biometrics, such as Windows Hello or Touch ID. Follow its instructions.",
    ),
    (
        "webauthn.verify.lead.passkeys",
        "Your browser will ask you to use a passkey. Follow its instructions.",
    ),
    ("webauthn.verify.title.custom", "Verify with {name}"),
    (
        "webauthn.verify.title.default",
        "Verify with a security key or biometrics",
    ),
    ("webauthn.verify.title.passkeys", "Verify with a passkey"),
    ("webauthn.waiting", "Waiting for your authenticator…"),
];

/// Every table of app strings, each sorted by key, no key in two.
pub(crate) static TABLES: &[&[(&str, &str)]] = &[APP, AUTHENTICATORS, FLOWS];

pub(crate) use super::en_authenticators::AUTHENTICATORS;
#[cfg(test)]
pub(crate) use super::en_flows::FLOW_PREFIXES;
pub(crate) use super::en_flows::FLOWS;

/// English for IDX message keys that Okta may send without text.
pub(crate) static IDX: &[(&str, &str)] = &[
    (
        "error.expired.session",
        "Your session has expired. Please sign in again.",
    ),
    ("error.password.required", "Enter your password."),
    ("error.username.required", "Enter your username."),
];
