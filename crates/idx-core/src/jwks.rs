//! The issuer's signing keys: a JWK set (RFC 7517) as `/v1/keys` serves it,
//! and the choice of the key an ID token names.
//!
//! Invariants: only the members an RS256 check needs are kept; a token's
//! `kid`, when present, must name a key of the set (never "the only key
//! there is"); a token without `kid` is matched only against a set of
//! exactly one key.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::error::{ResponseError, TokenError};
use crate::parse::{error_shape, json_body};

/// One JSON Web Key (RFC 7517); only RSA members are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key type (`RSA`).
    pub kty: String,
    /// Key id.
    #[serde(default)]
    pub kid: Option<String>,
    /// Algorithm, if stated.
    #[serde(default)]
    pub alg: Option<String>,
    /// Intended use (`sig`).
    #[serde(default, rename = "use")]
    pub use_: Option<String>,
    /// RSA modulus, base64url.
    #[serde(default)]
    pub n: Option<String>,
    /// RSA exponent, base64url.
    #[serde(default)]
    pub e: Option<String>,
}

/// A JWK set (`{keys: [...]}`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The key with this id.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid.as_deref() == Some(kid))
    }

    /// The key that must have signed a token whose header names `kid`.
    ///
    /// A `kid` that is present is always matched, even against a set of one
    /// key; a token without `kid` is accepted only when the set has exactly
    /// one key, since with more the choice would be a guess (OpenID Connect
    /// Core §10.1: `kid` is required when the set holds several keys).
    ///
    /// # Errors
    /// [`TokenError::UnknownKey`] when no key has that id;
    /// [`TokenError::KeyIdRequired`] when the token names none and the set
    /// holds zero or several keys.
    pub fn signing_key(&self, kid: Option<&str>) -> Result<&Jwk, TokenError> {
        match kid {
            Some(kid) => self
                .find(kid)
                .ok_or_else(|| TokenError::UnknownKey(kid.to_owned())),
            None => match self.keys.as_slice() {
                [only] => Ok(only),
                _ => Err(TokenError::KeyIdRequired(self.keys.len())),
            },
        }
    }
}

/// Parses a JWKS response.
///
/// # Errors
/// Any error shape, or [`ResponseError::Unexpected`] when there is no `keys` list.
pub fn parse_jwks(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Jwks, ResponseError> {
    let map = json_body(status, content_type, body)?;
    if !(200..300).contains(&status) {
        return Err(error_shape(status, &map));
    }
    serde_json::from_value(Json::Object(map)).map_err(|_| ResponseError::Unexpected {
        status,
        detail: "not a JWK set".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kid: Option<&str>) -> Jwk {
        Jwk {
            kty: "RSA".into(),
            kid: kid.map(str::to_owned),
            alg: Some("RS256".into()),
            use_: Some("sig".into()),
            n: Some("AQAB".into()),
            e: Some("AQAB".into()),
        }
    }

    fn set(kids: &[Option<&str>]) -> Jwks {
        Jwks {
            keys: kids.iter().map(|k| key(*k)).collect(),
        }
    }

    #[test]
    fn a_present_kid_is_always_matched() {
        let one = set(&[Some("k1")]);
        assert_eq!(
            one.signing_key(Some("k1")).unwrap().kid.as_deref(),
            Some("k1")
        );
        // A set of one key does not excuse a kid that names another key.
        assert_eq!(
            one.signing_key(Some("k2")),
            Err(TokenError::UnknownKey("k2".into()))
        );
        // An empty kid is a kid too: it never falls back to the only key.
        assert_eq!(
            one.signing_key(Some("")),
            Err(TokenError::UnknownKey(String::new()))
        );
        let two = set(&[Some("k1"), Some("k2")]);
        assert_eq!(
            two.signing_key(Some("k2")).unwrap().kid.as_deref(),
            Some("k2")
        );
    }

    #[test]
    fn no_kid_only_with_exactly_one_key() {
        assert!(set(&[Some("k1")]).signing_key(None).is_ok());
        assert!(set(&[None]).signing_key(None).is_ok());
        assert_eq!(
            set(&[Some("k1"), Some("k2")]).signing_key(None),
            Err(TokenError::KeyIdRequired(2))
        );
        assert_eq!(
            set(&[]).signing_key(None),
            Err(TokenError::KeyIdRequired(0))
        );
    }

    #[test]
    fn parses_a_key_set_and_refuses_other_documents() {
        let body =
            br#"{"keys":[{"kty":"RSA","kid":"k1","use":"sig","n":"AQAB","e":"AQAB","x":1}]}"#;
        let jwks = parse_jwks(200, Some("application/json"), body).unwrap();
        assert_eq!(jwks.keys.len(), 1);
        assert_eq!(jwks.keys[0].use_.as_deref(), Some("sig"));
        assert!(parse_jwks(200, Some("application/json"), br#"{"nokeys":[]}"#).is_err());
    }
}
