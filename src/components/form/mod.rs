//! The generic step form: renders any IDX step from its `inputs` and turns
//! what the user entered into idx-core [`Values`](idx_core::Values).
//!
//! Where things are: [`StepForm`] (`step_form`) is the form; `state` holds
//! what was entered and the checks before sending; `fields` has one field
//! component per kind of input; `new_password` the rules checklist and the
//! confirmation of a new password; `inputs` the label and kind of an input;
//! `captcha` the org's CAPTCHA on the steps that ask for it.
//! Modules that hold components are public (a component's props type must
//! be reachable); everything else is re-exported here.
//!
//! Invariants (UI contract): the form is `<form data-step=NAME>`; every
//! rendered input has `name=<idx-core input name>`, `id=field-<name>` and a
//! `<label for>`; its message slot is `#field-<name>-error`, referenced by
//! `aria-describedby` and flagged with `aria-invalid`. Nothing is sent while
//! a client-side check fails (empty required field, a code that is not six
//! digits, a new password that misses a stated rule or differs from its
//! confirmation); the submit button is disabled and `aria-busy` while a
//! request runs. A new password (`newPassword`, or the password of a password
//! enrollment) gets the rules the server states as a live checklist and a
//! confirmation field that is never sent.

mod captcha;
pub mod fields;
mod inputs;
mod new_password;
mod state;
pub mod step_form;

pub use fields::render_input;
pub use inputs::{is_code, label_of};
pub use new_password::NewPassword;
pub use state::FormState;
pub use step_form::StepForm;
