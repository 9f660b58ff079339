//! Okta IDX protocol client (sans-IO).
