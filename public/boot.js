// Starts the app from an external module instead of trunk's inline loader,
// so the page runs under a strict Content-Security-Policy
// (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-inline'; see SECURITY.md).
// Trunk.toml's `pattern_script` renders the tag that loads this file and
// names the hashed JS and wasm files in its data attributes.
const tag = document.querySelector("script[data-signin-js][data-signin-wasm]");
if (tag === null) {
  throw new Error("boot.js: the loader tag with data-signin-js/data-signin-wasm is missing");
}
const { default: init } = await import(tag.dataset.signinJs);
await init({ module_or_path: tag.dataset.signinWasm });
