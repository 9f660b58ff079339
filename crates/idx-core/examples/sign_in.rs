//! Signs in from the command line with a password and an Okta Verify code,
//! through idx-core's [`Driver`] over `reqwest`: the seed flow of the crate's
//! README, against the local emulator or a real org.
//!
//! ```text
//! cargo run -p idx-emulator &            # the emulator on 127.0.0.1:8787
//! cargo run -p idx-core --example sign_in -- demo@example.com
//! ```
//!
//! The password is read from `IDX_PASSWORD` or asked for; the code is asked
//! for (the emulator's page at `http://127.0.0.1:8787/emulator/` shows the
//! demo user's current code). `IDX_ISSUER`, `IDX_CLIENT_ID` and
//! `IDX_REDIRECT_URI` point it elsewhere. It prints who signed in and when
//! the tokens expire, never a token.
#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(native::run())
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::io::{BufRead as _, Write as _};

    use idx_core::{
        ClientConfig, CodeVerifier, Driver, IdxOutcome, Jwk, Method, Nonce, OAuthState, Request,
        Response, SignatureVerifier, Status, StepName, Transaction, Transport, Values,
    };

    /// `reqwest` as the transport: requests exactly as idx-core built them.
    struct Http(reqwest::Client);

    impl Transport for Http {
        type Error = reqwest::Error;

        async fn send(&self, request: Request) -> Result<Response, reqwest::Error> {
            let method = match request.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
            };
            let mut builder = self.0.request(method, &request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let response = builder.send().await?;
            Ok(Response {
                status: response.status().as_u16(),
                content_type: response
                    .headers()
                    .get(reqwest::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                body: response.bytes().await?.to_vec(),
            })
        }
    }

    /// RS256 with the `rsa` crate (the browser app uses WebCrypto instead).
    struct Rs256;

    impl SignatureVerifier for Rs256 {
        async fn verify_rs256(
            &self,
            key: &Jwk,
            input: &[u8],
            signature: &[u8],
        ) -> Result<bool, String> {
            use base64::Engine as _;
            use rsa::signature::Verifier as _;
            let decode = |text: Option<&str>| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(text.ok_or("incomplete key")?)
                    .map_err(|e| e.to_string())
            };
            let n = rsa::BigUint::from_bytes_be(&decode(key.n.as_deref())?);
            let e = rsa::BigUint::from_bytes_be(&decode(key.e.as_deref())?);
            let public = rsa::RsaPublicKey::new(n, e).map_err(|e| e.to_string())?;
            let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
                return Ok(false);
            };
            Ok(rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(public)
                .verify(input, &signature)
                .is_ok())
        }
    }

    fn env_or(name: &str, default: &str) -> String {
        std::env::var(name).unwrap_or_else(|_| default.to_owned())
    }

    fn ask(prompt: &str) -> std::io::Result<String> {
        print!("{prompt}");
        std::io::stdout().flush()?;
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim().to_owned())
    }

    /// `n` random bytes from the operating system.
    fn random(n: usize) -> std::io::Result<Vec<u8>> {
        use std::io::Read as _;
        let mut bytes = vec![0; n];
        std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
        Ok(bytes)
    }

    fn token(n: usize) -> std::io::Result<String> {
        Ok(random(n)?.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The state an IDX call answered with; anything else ends the run.
    fn state(outcome: IdxOutcome) -> Result<Transaction, String> {
        match outcome {
            IdxOutcome::Transaction(t) => Ok(*t),
            _ => Err("the transaction expired; run again".into()),
        }
    }

    /// What the server said, for a person.
    fn say(t: &Transaction) {
        let fields = t.next_step.iter().flat_map(|s| &s.inputs);
        for m in t.messages.iter().chain(fields.flat_map(|i| &i.messages)) {
            println!("  {}", m.text);
        }
    }

    pub(super) async fn run() -> Result<(), Box<dyn std::error::Error>> {
        let username = std::env::args()
            .nth(1)
            .unwrap_or_else(|| "demo@example.com".to_owned());
        let config = ClientConfig {
            issuer: env_or("IDX_ISSUER", "http://127.0.0.1:8787/oauth2/default"),
            client_id: env_or("IDX_CLIENT_ID", "demo-spa"),
            redirect_uri: env_or("IDX_REDIRECT_URI", "http://127.0.0.1:8080/login/callback"),
            scopes: ["openid", "profile", "email"].map(String::from).to_vec(),
            post_logout_redirect_uri: None,
        };
        let driver = Driver::new(config, Http(reqwest::Client::new()));

        // 1. Start: /interact (PKCE, state and nonce from the OS), then introspect.
        let meta = driver
            .interact(
                CodeVerifier::from_random_bytes(&random(32)?)?,
                OAuthState::new(token(16)?),
                Nonce::new(token(16)?),
            )
            .await?;
        let mut t = state(driver.resume(&meta).await?)?;

        // 2. Identify with username and password.
        let password = match std::env::var("IDX_PASSWORD") {
            Ok(p) => p,
            Err(_) => ask("Password: ")?,
        };
        let identify = Values::new()
            .text("username", &username)
            .text("password", &password);
        t = state(driver.proceed(&t, &StepName::Identify, &identify).await?)?;
        if t.next_step.as_ref().map(|s| &s.name) == Some(&StepName::Identify) {
            say(&t);
            return Err("not signed in".into());
        }

        // 3. Choose Okta Verify with a code.
        let choose = Values::new()
            .text("authenticator", "okta_verify")
            .text("methodType", "totp");
        t = state(
            driver
                .proceed(&t, &StepName::SelectAuthenticatorAuthenticate, &choose)
                .await?,
        )?;

        // 4. Enter the code until it is accepted (the step comes back on a wrong one).
        while t.status == Status::Pending {
            let code = ask("Okta Verify code: ")?;
            let answer = Values::new().text("verificationCode", &code);
            t = state(
                driver
                    .proceed(&t, &StepName::ChallengeAuthenticator, &answer)
                    .await?,
            )?;
            say(&t);
        }
        let Some(code) = t.interaction_code.as_ref() else {
            return Err(format!("the sign-in ended: {}", t.status.as_str()).into());
        };

        // 5. Redeem the interaction code; the ID token is verified before use.
        let now = i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_secs(),
        )?;
        let tokens = driver.redeem(&meta, code, &Rs256, now).await?;
        let who = tokens
            .claims
            .name
            .clone()
            .or_else(|| tokens.claims.preferred_username.clone())
            .unwrap_or_else(|| tokens.claims.sub.clone());
        println!(
            "Signed in as {who}; the access token expires in {} s.",
            tokens.expires_in.unwrap_or(3600)
        );
        Ok(())
    }
}
