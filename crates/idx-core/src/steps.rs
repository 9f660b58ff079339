//! Input mapping between okta-auth-js names and IDX wire fields (protocol
//! doc §5.4, §6.5), used both to describe a step's inputs and to build the
//! body that submits it.
//!
//! One concept per file: [`binding`] (which wire field an input name maps
//! to), [`inputs`] (the inputs and authenticator choices shown) and [`body`]
//! (the checked request body). Layering: above `model`, `values` and `wire`;
//! below `parse` and `remediate`, which use it; it imports neither.
//!
//! Invariants: one function ([`bindings`]) decides which wire field an input
//! name maps to, so the inputs shown to the UI and the body sent to the
//! server cannot drift apart; a body is only produced after every value was
//! checked (known input, right type, allowed option, required inputs present);
//! immutable values (state handle, fixed authenticator ids) always come from
//! the form being submitted, never from the caller.

mod binding;
mod body;
mod inputs;

pub(crate) use binding::{Binding, bindings};
pub(crate) use body::build_body;
pub(crate) use inputs::{authenticator_options, inputs};
