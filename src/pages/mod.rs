//! One module per route: `/` (home, protected), `/login` (the flow) and
//! `/login/callback` (redirect returns).

pub mod callback;
pub mod home;
pub mod login;
