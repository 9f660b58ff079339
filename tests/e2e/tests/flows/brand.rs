//! An org's branding through `config.json`: its name and logo above every
//! screen, its colour on the buttons (made readable), its own words, its help
//! and footer links, and the sign-in working the same underneath.

use e2e::pages::{self, DEMO_USER, IdentifyPage};
use e2e::site::ConfigMode;
use e2e::{Setup, run, steps};
use serde_json::json;

fn branded() -> ConfigMode {
    ConfigMode::Extra(json!({
        "brand": {
            "name": "Acme Corp",
            "logo": "{org}/emulator/logo.svg",
            // Too pale for white text: the app darkens it.
            "primaryColor": "#35b5ff",
            "helpLink": "{org}/emulator/legal",
            "footerLinks": [{"label": "Privacy", "url": "{org}/emulator/legal#privacy"}]
        },
        "i18n": {"en": {"identify.title": "Sign in to Acme"}}
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_branded_page_shows_the_orgs_name_logo_colour_and_words() {
    run(
        "a_branded_page_shows_the_orgs_name_logo_colour_and_words",
        Setup {
            config: branded(),
            ..Setup::default()
        },
        |s| async move {
            IdentifyPage::open(&s).await?;
            let name = pages::wait_for(&s.browser, "[data-testid=brand-name]").await?;
            if name.text().await? != "Acme Corp" {
                return Err("the org's name is not shown".into());
            }
            let loaded = s
                .browser
                .execute(
                    "const i = document.querySelector('img.brand-logo');
                     return !!i && i.complete && i.naturalWidth > 0;",
                    vec![],
                )
                .await?;
            if loaded.as_bool() != Some(true) {
                return Err("the logo did not load".into());
            }
            if pages::heading(&s.browser).await? != "Sign in to Acme" {
                return Err("the org's own title is not used".into());
            }
            // The button carries the adjusted colour, readable with white text.
            let colour = s
                .browser
                .execute(
                    "return getComputedStyle(document.querySelector(
                       'form[data-step=identify] button[type=submit]')).backgroundColor;",
                    vec![],
                )
                .await?;
            let colour = colour.as_str().unwrap_or_default().to_owned();
            if colour == "rgb(53, 181, 255)" || colour == "rgb(31, 95, 191)" {
                return Err(
                    format!("the button is {colour}: not the adjusted brand colour").into(),
                );
            }
            pages::wait_for(&s.browser, "nav.brand-footer [data-testid=help-link]").await?;
            s.snap("identify").await?;
            // Underneath, the same sign-in.
            steps::sign_in_with_code(&s, DEMO_USER).await?;
            Ok(())
        },
    )
    .await;
}
