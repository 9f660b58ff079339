//! The public transaction model: what the UI needs from an IDX state.
//!
//! One concept per file: [`transaction`] (status, the transaction, the
//! outcome of a response), [`step`] (step names and the step shown),
//! [`input`], [`authenticator`] (with what its profile and contextual data
//! say in [`contextual`]), [`message`], [`consent`] (scopes and request info
//! of consent steps) and [`ending`] (what a state that cannot continue here
//! means). Layering: this module sits
//! on the wire mirrors (`wire`) and below everything that parses or
//! submits (`steps`, `parse`, `remediate`); it imports none of them.
//!
//! Invariants: everything here is plain data (`Clone + Debug + PartialEq`);
//! names and statuses follow okta-auth-js (protocol doc §6.3, §6.4); no
//! secret is reachable through `Debug` (the state handle and the forms that
//! carry it live in [`Forms`], whose `Debug` prints form names only; the
//! interaction code is a redacted newtype). The only constructors from the
//! wire ([`Authenticator::from_json`], [`Message::all_from_wire`]) never fail.

mod authenticator;
mod captcha;
mod consent;
mod contextual;
mod ending;
mod input;
mod message;
mod step;
mod transaction;
pub(crate) mod webauthn;

pub use authenticator::{Authenticator, AuthenticatorOption};
pub use captcha::{CAPTCHA_TOKEN_INPUT, Captcha, CaptchaKind};
pub use consent::{RequestInfo, Scope};
pub use contextual::{ChallengeMethod, DeviceChallenge, DuoFrame, PhoneProfile, SecurityQuestion};
pub use ending::Ending;
pub use input::{Input, InputKind, InputOption, InputValue};
pub use message::{Message, MessageClass, MessageLink};
pub use step::{NextStep, Poll, StepName};
pub use transaction::{App, Forms, IdxOutcome, Status, Transaction, User};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_names_round_trip() {
        for name in [
            "identify",
            "select-authenticator-authenticate",
            "authenticator-verification-data",
            "challenge-authenticator",
            "challenge-poll",
            "resend",
            "skip",
            "keep-me-signed-in",
            "failure-redirect",
        ] {
            let step = StepName::from(name);
            assert!(!matches!(step, StepName::Unknown(_)), "{name}");
            assert_eq!(step.as_str(), name);
        }
        assert_eq!(
            StepName::from("brand-new"),
            StepName::Unknown("brand-new".into())
        );
        assert_eq!(StepName::from("brand-new").as_str(), "brand-new");
        assert_eq!(
            MessageClass::from("NOTICE"),
            MessageClass::Other("NOTICE".into())
        );
    }
}
