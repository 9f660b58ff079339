//! The browser's WebAuthn results and the values that answer a step with
//! them; the data they answer (challenge and activation data, the options
//! for the browser) is plain model data in `model::webauthn`.

mod results;
pub use results::{AssertionResult, AttestationResult};

#[cfg(test)]
mod tests;
