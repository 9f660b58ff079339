// Starts the app from an external module instead of trunk's inline loader,
// so the page runs under a strict Content-Security-Policy
// (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-inline'; see SECURITY.md).
// Trunk.toml's `pattern_script` renders the tag that loads this file and
// names the hashed JS and wasm files in its data attributes.
//
// It also asks for /config.json right away (index.html preloads it, and this
// fetch takes that response), instead of after the app has started, and reads
// the body too, so the app finds the text ready instead of waiting for another
// task: the app takes this result ({ status, text }; src/http.rs,
// `fetch_config`) and only fetches the file itself when there is none.
// `no-store`, as in the app: a redeploy with a new config must take effect on
// reload.
globalThis.__signinConfig = fetch("/config.json", { cache: "no-store" }).then(
  async (response) => ({
    status: response.status,
    text: response.ok ? await response.text() : "",
  }),
);
// The app reports a failure itself; keep the browser from logging an
// unhandled rejection before the app has taken the promise.
globalThis.__signinConfig.catch(() => {});
const tag = document.querySelector("script[data-signin-js][data-signin-wasm]");
if (tag === null) {
  throw new Error("boot.js: the loader tag with data-signin-js/data-signin-wasm is missing");
}
const { default: init } = await import(tag.dataset.signinJs);
await init({ module_or_path: tag.dataset.signinWasm });
