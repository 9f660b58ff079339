//! `cancel` (posted to `/idp/idx/cancel`): start over at identify, in the
//! same transaction.
//!
//! Invariants: cancelling forgets everything the transaction learned (the
//! user, the factors verified, the IdP, pushes and emailed codes, the
//! recovery mark) and rotates the state handle, so a form rendered before
//! the cancel can no longer be submitted.

use super::outcome::{Outcome, ok};
use crate::store::{Step, Store, Transaction, new_state_handle};

/// `POST /idp/idx/cancel`.
pub(super) fn cancel(store: &mut Store, tx: &mut Transaction) -> Outcome {
    store.drop_pushes(&tx.interaction_handle);
    tx.state_handle = new_state_handle();
    tx.username = None;
    tx.amr.clear();
    tx.idp = None;
    tx.email_code = None;
    tx.recovery = false;
    tx.step = Step::Identify;
    ok()
}
