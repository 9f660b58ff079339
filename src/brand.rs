//! An org's branding from `config.json` (`brand`, and `i18n` text
//! overrides): its name, logo, primary colour, help link and footer links,
//! read and checked once with the rest of the configuration.
//!
//! Invariants: every URL is parsed by idx-core's strict parser (`https://`,
//! or `http://` on loopback; a logo may also be a path on this site); the
//! primary colour is turned into the accents the stylesheet uses in its
//! light and dark schemes, each adjusted (darkened, lightened) until the
//! text on it and it on the card reach WCAG AA's 4.5:1, so a brand can never
//! make a button or a link unreadable; a text override must name a string the
//! app has and keep its `{placeholders}`, else the configuration is refused
//! with the key named; the colours reach the page through the CSSOM (custom
//! properties), never an inline `style` attribute, so the CSP holds.

use std::collections::HashMap;

use idx_core::HttpUrl;
use serde::Deserialize;

/// `brand` in `config.json`, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Brand {
    /// The org's name, shown at the top of every screen.
    pub name: Option<String>,
    /// The logo's URL (or a path on this site).
    pub logo: Option<String>,
    /// The accents derived from the primary colour.
    pub palette: Option<Palette>,
    /// "Help" under the card.
    pub help_link: Option<String>,
    /// More links under the card (privacy, terms...).
    pub footer_links: Vec<FooterLink>,
}

/// A link under the card.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FooterLink {
    /// Its words.
    pub label: String,
    /// Where it goes.
    pub url: String,
}

/// The wire shape of `brand`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RawBrand {
    name: Option<String>,
    logo: Option<String>,
    primary_color: Option<String>,
    help_link: Option<String>,
    #[serde(default)]
    footer_links: Vec<FooterLink>,
}

/// The four accents the stylesheet reads (`--brand-*`), as `#rrggbb`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Light scheme: buttons (white text on it) and links (on the white card).
    pub light: String,
    /// Light scheme, hovered.
    pub light_hover: String,
    /// Dark scheme: buttons (dark text on it) and links (on the dark card).
    pub dark: String,
    /// Dark scheme, hovered.
    pub dark_hover: String,
    /// Whether the colour as given had to be changed to be readable.
    pub adjusted: bool,
}

type Rgb = [u8; 3];

const WHITE: Rgb = [255, 255, 255];
/// The dark scheme's card (`--card`) and button text (`--accent-text`).
const DARK_CARD: Rgb = [0x19, 0x21, 0x2c];
const DARK_TEXT: Rgb = [0x0b, 0x13, 0x20];
/// WCAG 2.1 AA for normal text.
const AA: f64 = 4.5;

fn channel(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.039_28 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn luminance([r, g, b]: Rgb) -> f64 {
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `#rgb` or `#rrggbb`.
fn parse_hex(text: &str) -> Option<Rgb> {
    let hex = text.trim().strip_prefix('#')?;
    let digits: Vec<u8> = hex
        .chars()
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some([r * 17, g * 17, b * 17]),
        [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2]),
        _ => None,
    }
}

fn hex([r, g, b]: Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "the value is clamped to 0..=255 first"
)]
fn to_u8(v: f64) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

/// Moves `c` a `share` of the way towards `target`.
fn mix(c: Rgb, target: Rgb, share: f64) -> Rgb {
    let m = |a: u8, b: u8| to_u8(f64::from(a) + (f64::from(b) - f64::from(a)) * share);
    [m(c[0], target[0]), m(c[1], target[1]), m(c[2], target[2])]
}

/// Steps `c` towards `target` until `ok`; `None` if even `target` fails.
fn until(c: Rgb, target: Rgb, ok: impl Fn(Rgb) -> bool) -> Option<Rgb> {
    (0..=20)
        .map(|step| mix(c, target, f64::from(step) * 0.05))
        .find(|&candidate| ok(candidate))
}

impl Palette {
    /// The accents for `color` (`#rgb` / `#rrggbb`); `None` when it is not a colour.
    pub fn from_color(color: &str) -> Option<Self> {
        let base = parse_hex(color)?;
        let light_ok = |c: Rgb| contrast(WHITE, c) >= AA;
        let dark_ok = |c: Rgb| contrast(c, DARK_CARD) >= AA && contrast(c, DARK_TEXT) >= AA;
        let light = until(base, [0, 0, 0], light_ok)?;
        let dark = until(base, WHITE, dark_ok)?;
        Some(Self {
            light: hex(light),
            light_hover: hex(mix(light, [0, 0, 0], 0.2)),
            dark: hex(dark),
            dark_hover: hex(mix(dark, WHITE, 0.25)),
            adjusted: light != base,
        })
    }

    /// Puts the accents on `<html>` as custom properties (CSSOM: allowed
    /// under the CSP, unlike a `style` attribute).
    pub fn apply(&self) {
        let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let Ok(style) = js_sys::Reflect::get(&root, &"style".into()) else {
            return;
        };
        let Ok(set) = js_sys::Reflect::get(&style, &"setProperty".into())
            .and_then(wasm_bindgen::JsCast::dyn_into::<js_sys::Function>)
        else {
            return;
        };
        for (name, value) in [
            ("--brand-accent", &self.light),
            ("--brand-accent-hover", &self.light_hover),
            ("--brand-accent-dark", &self.dark),
            ("--brand-accent-dark-hover", &self.dark_hover),
        ] {
            let _ = set.call2(&style, &name.into(), &value.into());
        }
    }
}

/// An http(s) URL the page may link to or load.
fn check_link(url: &str, name: &str) -> Result<String, String> {
    let parsed = HttpUrl::parse(url.trim()).map_err(|e| format!("\"{name}\" {e}."))?;
    if !parsed.origin.is_secure_or_loopback() {
        return Err(format!(
            "\"{name}\" must use https:// (plain http:// is only allowed for \
             localhost, 127.0.0.0/8 and [::1])."
        ));
    }
    Ok(url.trim().to_owned())
}

impl Brand {
    /// Checks `brand` from `config.json`.
    pub(crate) fn from_raw(raw: RawBrand) -> Result<Self, String> {
        let text = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let logo = match text(raw.logo) {
            // A file of this site.
            Some(path) if path.starts_with('/') && !path.starts_with("//") => Some(path),
            Some(url) => Some(check_link(&url, "brand.logo")?),
            None => None,
        };
        let palette = match text(raw.primary_color) {
            Some(color) => Some(Palette::from_color(&color).ok_or_else(|| {
                format!("\"brand.primaryColor\" {color:?} is not a colour like \"#1f5fbf\".")
            })?),
            None => None,
        };
        let help_link = text(raw.help_link)
            .map(|u| check_link(&u, "brand.helpLink"))
            .transpose()?;
        let footer_links = raw
            .footer_links
            .into_iter()
            .map(|link| {
                if link.label.trim().is_empty() {
                    return Err("\"brand.footerLinks\" has a link without a label.".to_owned());
                }
                Ok(FooterLink {
                    label: link.label.trim().to_owned(),
                    url: check_link(&link.url, "brand.footerLinks")?,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            name: text(raw.name),
            logo,
            palette,
            help_link,
            footer_links,
        })
    }
}

/// `i18n` in `config.json`: per language tag, app strings to replace.
/// Checked against the English table: a key the app does not have, or a
/// text that drops or invents a `{placeholder}`, is refused.
pub(crate) fn check_texts(
    texts: HashMap<String, HashMap<String, String>>,
) -> Result<HashMap<String, HashMap<String, String>>, String> {
    let mut out = HashMap::new();
    for (tag, map) in texts {
        let Some(lang) = crate::i18n::Lang::from_tag(&tag) else {
            return Err(format!(
                "\"i18n\" has texts for {tag:?}, a language the app does not have."
            ));
        };
        let mut checked = HashMap::new();
        for (key, text) in map {
            crate::i18n::check_override(&key, &text)
                .map_err(|why| format!("\"i18n.{tag}.{key}\" {why}"))?;
            checked.insert(key, text);
        }
        out.insert(lang.tag().to_owned(), checked);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_examples() {
        assert!((contrast(WHITE, [0, 0, 0]) - 21.0).abs() < 0.01);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 0.001);
        // The stylesheet's own accent: 6.0:1 with white text, as it says.
        let accent = parse_hex("#1f5fbf").unwrap();
        assert!((contrast(WHITE, accent) - 6.0).abs() < 0.1);
    }

    #[test]
    fn a_readable_colour_is_kept_and_a_pale_one_is_adjusted_until_aa() {
        let kept = Palette::from_color("#1f5fbf").unwrap();
        assert_eq!(kept.light, "#1f5fbf");
        assert!(!kept.adjusted);
        // Yellow fails with white text (about 1.1:1): darkened until it passes.
        let yellow = Palette::from_color("#ffd400").unwrap();
        assert!(yellow.adjusted);
        for palette in [&kept, &yellow, &Palette::from_color("#0f0").unwrap()] {
            let light = parse_hex(&palette.light).unwrap();
            assert!(contrast(WHITE, light) >= AA, "{palette:?}");
            assert!(contrast(WHITE, parse_hex(&palette.light_hover).unwrap()) >= AA);
            let dark = parse_hex(&palette.dark).unwrap();
            assert!(contrast(dark, DARK_CARD) >= AA, "{palette:?}");
            assert!(contrast(dark, DARK_TEXT) >= AA, "{palette:?}");
        }
        assert_eq!(Palette::from_color("#12"), None);
        assert_eq!(Palette::from_color("blue"), None);
    }

    #[test]
    fn brand_urls_are_parsed_and_a_logo_may_be_a_site_path() {
        let raw = |json: &str| serde_json::from_str::<RawBrand>(json).unwrap();
        let brand = Brand::from_raw(raw(
            r##"{"name":" Acme ","logo":"/brand/logo.svg","primaryColor":"#0a7",
                "helpLink":"https://help.acme.example/",
                "footerLinks":[{"label":"Privacy","url":"https://acme.example/privacy"}]}"##,
        ))
        .unwrap();
        assert_eq!(brand.name.as_deref(), Some("Acme"));
        assert_eq!(brand.logo.as_deref(), Some("/brand/logo.svg"));
        assert_eq!(brand.footer_links.len(), 1);
        for (json, needle) in [
            (r#"{"logo":"//evil.example/x.png"}"#, "brand.logo"),
            (r#"{"logo":"http://cdn.example/x.png"}"#, "must use https"),
            (r#"{"helpLink":"javascript:alert(1)"}"#, "brand.helpLink"),
            (
                r#"{"footerLinks":[{"label":" ","url":"https://a.example"}]}"#,
                "without a label",
            ),
            (r#"{"primaryColor":"bright"}"#, "is not a colour"),
        ] {
            let err = Brand::from_raw(raw(json)).expect_err(json);
            assert!(err.contains(needle), "{json}: {err}");
        }
    }
}
