//! Secret newtypes: values that must never reach a log.
//!
//! Invariant: the `Debug` output of every type here is `Name([redacted])`; the
//! only way to read the value is the explicit [`secret()`](StateHandle::secret)
//! accessor, so a stray `{:?}` on a transaction, a request or a meta record
//! cannot leak a handle, a code, a token or a password.

use std::fmt;

macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The secret value itself. Call only where it is sent or stored.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret_type!(
    /// The per-step `stateHandle` echoed back in every remediation (protocol doc §1).
    StateHandle
);
secret_type!(
    /// The transaction handle returned by `/v1/interact` (protocol doc §3.4).
    InteractionHandle
);
secret_type!(
    /// The one-time code in `successWithInteractionCode`, redeemed at `/v1/token` (§3.11).
    InteractionCode
);
secret_type!(
    /// The OAuth `state` parameter sent to `/v1/interact` (RFC 6749 §10.12).
    OAuthState
);
secret_type!(
    /// The OpenID Connect `nonce` sent to `/v1/interact` and bound into the ID token.
    Nonce
);
secret_type!(
    /// An OAuth access token (RFC 6749 §1.4).
    AccessToken
);
secret_type!(
    /// An OpenID Connect ID token, as the compact JWS string.
    IdToken
);
secret_type!(
    /// An OAuth refresh token (RFC 6749 §1.5).
    RefreshToken
);
secret_type!(
    /// A value the user typed: a password, a one-time code, an answer.
    SecretString
);
secret_type!(
    /// The base32 seed of an authenticator app being enrolled (Google
    /// Authenticator `contextualData.sharedSecret`, protocol doc part 2 §4):
    /// shown to the person for manual entry, never logged.
    SharedSecret
);
secret_type!(
    /// The signed challenge (a JWT) an Okta FastPass loopback challenge relays
    /// to Okta Verify (`challengeRequest`, protocol doc part 2 §6.2).
    ChallengeRequest
);
secret_type!(
    /// Duo's `signedToken` (`TX|…:APP|…`, protocol doc part 2 §7.1).
    DuoToken
);
secret_type!(
    /// The token of a user activation link an admin had Okta email
    /// (`/v1/interact` `activation_token`, protocol doc §8.8).
    ActivationToken
);
secret_type!(
    /// The token of a password-reset email link (`/v1/interact`
    /// `recovery_token`, protocol doc §8.8).
    RecoveryToken
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let h = StateHandle::new("02.id.very-secret");
        assert_eq!(format!("{h:?}"), "StateHandle([redacted])");
        assert_eq!(h.secret(), "02.id.very-secret");
        let p = SecretString::new("hunter2");
        assert!(!format!("{p:?}").contains("hunter2"));
    }
}
