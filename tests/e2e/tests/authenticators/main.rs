//! The authenticators beyond Okta Verify, email and security keys, signed
//! in with through the release build in Chromium against the emulator:
//! phone (SMS and voice, verify and enrollment), security question (verify,
//! enrollment with Okta's question or one's own), Google Authenticator
//! (verify, enrollment by the key behind "Can't scan?"), the OTP tokens
//! (custom OTP, RSA SecurID's next code) and Okta FastPass (launched at
//! identify, or chosen as Okta Verify's method, and "Use another way").
//!
//! Each test walks one flow the way a person does, reading the codes off
//! the emulator's virtual devices, checks what the page says on the way
//! (the masked number, the question, the QR code and key, FastPass never
//! worded as a push), and ends signed in on the home page.
//!
//! Invariant: like every e2e test, these drive a browser only under
//! `cargo xtask test` (`E2E_DIST` set); otherwise they print SKIPPED and pass.

mod fastpass;
mod google;
mod otp;
mod phone;
mod security_question;
