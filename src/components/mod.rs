//! Presentational building blocks shared by the pages: the page shell, the
//! message region, the generic IDX form and the dedicated step screens.
//!
//! Invariant: components take plain data as props and report intent through
//! callbacks; only `flow` decides what is sent.

pub mod form;
pub mod layout;
pub mod messages;
pub mod screens;
