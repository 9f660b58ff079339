//! Local Okta IDX emulator.
