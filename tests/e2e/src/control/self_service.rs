//! The control API's self-service side, for the policy routes: the virtual
//! inbox's last emailed code, and the one-time tokens an activation or
//! password-reset email would carry.
//!
//! Invariant: like every code of the control API, what these return goes
//! straight into the page; callers never print or log it.

use serde_json::json;

use super::Control;

impl Control {
    /// The code last emailed to `username` (sign-up, unlock, the email factor).
    pub async fn email_code(&self, username: &str) -> Result<String, String> {
        let body = self.get(&format!("users/{username}/email-code")).await?;
        Ok(body["code"]
            .as_str()
            .ok_or("email-code: no code")?
            .to_owned())
    }

    /// A fresh activation token of the staged user `username` (an admin's
    /// activation email); `expired` asks for one that has already expired.
    pub async fn activation_token(&self, username: &str, expired: bool) -> Result<String, String> {
        self.one_time_token(username, "activation-token", expired)
            .await
    }

    /// A fresh password-reset token of the active user `username` (a reset email).
    pub async fn recovery_token(&self, username: &str) -> Result<String, String> {
        self.one_time_token(username, "recovery-token", false).await
    }

    async fn one_time_token(
        &self,
        username: &str,
        kind: &str,
        expired: bool,
    ) -> Result<String, String> {
        let body = self
            .post(
                &format!("users/{username}/{kind}"),
                Some(json!({ "expired": expired })),
            )
            .await?;
        Ok(body["token"]
            .as_str()
            .ok_or_else(|| format!("{kind}: no token"))?
            .to_owned())
    }
}
