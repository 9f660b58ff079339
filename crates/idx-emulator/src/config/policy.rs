//! What the org's policies ask beyond the password and one factor: a user's
//! own sign-on policy ([`Policy`], `policy` in a user entry) and lifecycle
//! ([`UserStatus`]), and the org's self-service settings ([`Org`], `org` in
//! the users file: sign-up with its profile schema, unlock, CAPTCHA).
//!
//! Invariants: plain data read from a users file; every member is optional
//! and its absence means the behaviour the emulator had before it existed
//! (one more factor, no skip, no consent, no sign-up, no unlock, no CAPTCHA),
//! so an entry without them behaves exactly as it always did.

use serde::Deserialize;

/// A user's sign-on policy beyond "password, then one more factor".
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Policy {
    /// The password alone authenticates (no second factor is asked).
    #[serde(default)]
    pub password_only: bool,
    /// Okta Verify enrollment is offered with `skip` (a user without it
    /// is not forced to enroll).
    #[serde(default)]
    pub optional_enrollment: bool,
    /// The grace period shown on the optional enrollment.
    #[serde(default)]
    pub grace_period: Option<GracePeriod>,
    /// The device does not meet the org's device assurance, with this many
    /// days of grace: a warning with `skip` follows the sign-in
    /// (`device-assurance-grace-period`, protocol reference 6.8).
    #[serde(default)]
    pub device_assurance_grace_days: Option<u32>,
    /// The password expires in this many days: a warning with `skip`
    /// follows the sign-in (`reenroll-authenticator-warning`).
    #[serde(default)]
    pub password_expires_in_days: Option<u32>,
    /// The app needs this user's consent to the requested scopes.
    #[serde(default)]
    pub consent: Option<ConsentKind>,
    /// "Keep me signed in?" is asked after authentication.
    #[serde(default)]
    pub keep_me_signed_in: bool,
    /// After a self-service unlock the sign-in goes on (the password
    /// challenge) instead of ending with "you can now sign in".
    #[serde(default)]
    pub unlock_lands_on_app: bool,
}

/// How long an optional enrollment may still be skipped.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GracePeriod {
    /// Until a date this many days after the sign-in (`BY_DATE_TIME`).
    ByDateTime {
        /// Days left.
        days: u32,
    },
    /// For this many more skips (`BY_SKIP_COUNT`); the process counts the
    /// skips, and the enrollment is required once none is left.
    BySkipCount {
        /// Skips allowed in all.
        skips: u32,
    },
}

/// Which consent the app asks for.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ConsentKind {
    /// `consent`: the end user allows or denies every scope at once.
    EndUser,
    /// `granular-consent`: scope by scope (`openid` and `profile` mandatory).
    Granular,
    /// `admin-consent`: an administrator consents for the org.
    Admin,
}

/// Where a user is in their lifecycle.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    /// Signs in normally.
    #[default]
    Active,
    /// Not activated yet: cannot sign in until an activation token (control
    /// API) sets their password and required enrollments up.
    Staged,
    /// Locked out from the start, until a self-service unlock.
    LockedOut,
}

/// The org's self-service settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Org {
    /// Sign-up (`select-enroll-profile` at identify); `None`: off.
    #[serde(default)]
    pub registration: Option<Registration>,
    /// Self-service unlock (`unlock-account` at identify).
    #[serde(default)]
    pub unlock: bool,
    /// A CAPTCHA on identify, identify-recovery and enroll-profile.
    #[serde(default)]
    pub captcha: Option<Captcha>,
}

/// Sign-up: the profile schema, and whether the password is set in the
/// same form.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Registration {
    /// Ask for the password in `enroll-profile` (otherwise it is enrolled
    /// after the email is verified).
    #[serde(default)]
    pub password: bool,
    /// The profile attributes asked, in order; must include `email`,
    /// `firstName` and `lastName`.
    pub profile: Vec<Attribute>,
}

/// One profile attribute of the sign-up form.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Attribute {
    /// Attribute name (`firstName`, `favouriteColour`, ...).
    pub name: String,
    /// Label shown.
    pub label: String,
    /// Value type.
    #[serde(rename = "type", default)]
    pub kind: AttributeKind,
    /// Must be given.
    #[serde(default)]
    pub required: bool,
    /// Choices of an enumerated string (`select` or `radio`).
    #[serde(default)]
    pub options: Vec<Choice>,
    /// How a client should show it (`select`, `radio`, `checkbox`, `text`).
    #[serde(default)]
    pub input_type: Option<String>,
    /// Minimum length of a string.
    #[serde(default)]
    pub min_length: Option<u32>,
    /// Maximum length of a string.
    #[serde(default)]
    pub max_length: Option<u32>,
    /// The label is the admin's own, not Okta's default for the attribute
    /// (`customLabel`, fixture `enroll-profile-new-custom-labels.json`).
    #[serde(default)]
    pub custom_label: bool,
}

/// An attribute's value type.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum AttributeKind {
    /// Text (the default).
    #[default]
    String,
    /// `true` / `false`.
    Boolean,
    /// A number.
    Number,
    /// A whole number.
    Integer,
}

impl AttributeKind {
    /// The wire `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeKind::String => "string",
            AttributeKind::Boolean => "boolean",
            AttributeKind::Number => "number",
            AttributeKind::Integer => "integer",
        }
    }
}

/// One choice of an enumerated attribute.
#[derive(Clone, Debug, Deserialize)]
pub struct Choice {
    /// Shown.
    pub label: String,
    /// Sent.
    pub value: String,
}

/// The org's CAPTCHA (`captcha` member, protocol reference 8.7).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Captcha {
    /// CAPTCHA id (`captchaVerify.captchaId`).
    pub id: String,
    /// Display name, e.g. `hCaptcha`.
    pub name: String,
    /// The provider's site key.
    pub site_key: String,
    /// `HCAPTCHA` or `RECAPTCHA_V2`.
    #[serde(rename = "type")]
    pub kind: String,
}
