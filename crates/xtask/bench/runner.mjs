// Browser half of `cargo xtask bench` (crates/xtask/src/bench.rs starts it).
//
// Purpose: serve four sign-in pages on loopback (this app's release dist, a
// page with Okta's Sign-In Widget, a page on okta-auth-js's idx bundle, and a
// React 19 page on okta-auth-js's idx module that esbuild bundles at start),
// load each in headless Chromium many times, drive one complete Okta Verify
// TOTP sign-in through this app and the two okta-auth-js pages, and write raw
// samples as tab-separated lines: time to a usable form, main-thread time by
// kind, the renderer's memory split, and for this app the wasm's instantiate
// and compile times. xtask computes medians, ratios and budgets from them.
//
// Invariants:
// - Traffic stays on loopback: every page and the emulator listen on
//   127.0.0.1, and Chromium gets a proxy on a closed loopback port, so any
//   request to another host fails instead of leaving the machine.
// - Every load uses a fresh browser context with the HTTP cache disabled;
//   the pages are loaded in interleaved (rotating) order.
// - Every loop is bounded (counts and timeouts); the run always ends.
// - A page's renderer is found by a mark, not a guess: its memory is read
//   from /proc for every renderer, then the page allocates and fills 32 MB
//   and the renderer whose private memory grew by about that much is the
//   page's; the figures are those read before the mark, the kernel's own.
// - Nothing secret is written: request logs carry method and path only
//   (never query strings or bodies), and the TOTP code is never printed.
//
// Usage: node runner.mjs <config.json>   (the file is written by xtask)

import { createRequire } from "node:module";
import { createServer } from "node:http";
import { readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { join, extname, normalize, dirname } from "node:path";
import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";
import { fileURLToPath } from "node:url";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
// playwright-core lives in the npm prefix xtask installed (under the target
// dir), not next to this file: resolve it from there.
const requireFromPrefix = createRequire(join(config.nodePrefix, "package.json"));
const { chromium } = requireFromPrefix("playwright-core");
const playwrightVersion = requireFromPrefix("playwright-core/package.json").version;
const esbuild = requireFromPrefix("esbuild");
const here = dirname(fileURLToPath(import.meta.url));
const modules = join(config.nodePrefix, "node_modules");

const lines = [];
const emit = (...fields) => lines.push(fields.map((f) => String(f).replace(/[\t\n]/g, " ")).join("\t"));
const log = (...args) => console.error("[bench]", ...args);

// ---------------------------------------------------------------- serving

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
};
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg"]);

/** A served file: its bytes and precomputed encodings (brotli 11, gzip 9). */
function asset(name, body) {
  const ext = extname(name);
  const entry = { type: TYPES[ext] || "application/octet-stream", raw: body };
  if (COMPRESSIBLE.has(ext)) {
    entry.br = brotliCompressSync(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    entry.gzip = gzipSync(body, { level: 9 });
  }
  return entry;
}

/**
 * A static server: `fixed` maps paths to assets, `mounts` maps URL prefixes
 * to directories (files read and compressed on first use), `fallback` is
 * served for extension-less paths (SPA routes).
 */
function serve(port, { fixed, mounts = [], fallback }) {
  const cache = new Map(fixed);
  const encodings = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let entry = cache.get(path);
    if (!entry) {
      for (const [prefix, dir] of mounts) {
        if (!path.startsWith(prefix)) continue;
        const file = normalize(join(dir, path.slice(prefix.length)));
        if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) {
          entry = asset(file, readFileSync(file));
          cache.set(path, entry);
        }
      }
    }
    if (!entry && fallback && !extname(path)) entry = cache.get(fallback);
    if (!entry) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const accept = String(req.headers["accept-encoding"] || "");
    const headers = { "content-type": entry.type, "cache-control": "no-store" };
    let body = entry.raw;
    if (entry.br && /\bbr\b/.test(accept)) {
      headers["content-encoding"] = "br";
      body = entry.br;
    } else if (entry.gzip && /\bgzip\b/.test(accept)) {
      headers["content-encoding"] = "gzip";
      body = entry.gzip;
    }
    encodings.set(headers["content-encoding"] || "identity", true);
    headers["content-length"] = body.length;
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ server, encodings }));
  });
}

function pageConfig(origin) {
  return {
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: `${origin}/login/callback`,
    scopes: config.scopes,
  };
}

/**
 * The React page's bundle: pages/react/main.jsx with React, react-dom and
 * okta-auth-js's idx module, minified, production React (what a small React
 * app ships). Built in memory, once per run.
 */
function reactBundle() {
  const result = esbuild.buildSync({
    entryPoints: [join(here, "pages", "react", "main.jsx")],
    bundle: true,
    minify: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    define: { "process.env.NODE_ENV": '"production"' },
    jsx: "automatic",
    nodePaths: [modules],
    logLevel: "warning",
  });
  return Buffer.from(result.outputFiles[0].contents);
}

function peerPage(file, origin) {
  const html = readFileSync(join(here, "pages", file), "utf8").replace(
    "/*BENCH_CONFIG*/ null",
    JSON.stringify(pageConfig(origin)),
  );
  return asset("index.html", Buffer.from(html));
}

async function startServers() {
  const origin = (port) => `http://127.0.0.1:${port}`;
  const appOrigin = origin(config.ports.app);
  const fixed = new Map();
  for (const name of config.appFiles) {
    fixed.set(`/${name}`, asset(name, readFileSync(join(config.dist, name))));
  }
  // The app reads its runtime config at start: point it at the emulator.
  fixed.set("/config.json", asset("config.json", Buffer.from(JSON.stringify(pageConfig(appOrigin)))));
  fixed.set("/", fixed.get("/index.html"));
  const app = await serve(config.ports.app, { fixed, mounts: [["/", config.dist]], fallback: "/index.html" });

  const widgetDist = join(modules, "@okta", "okta-signin-widget", "dist");
  const widgetOrigin = origin(config.ports.widget);
  const widgetFixed = new Map([
    ["/", peerPage("widget.html", widgetOrigin)],
    ["/widget/js/okta-sign-in.min.js", asset("x.js", readFileSync(join(widgetDist, "js", "okta-sign-in.min.js")))],
    ["/widget/css/okta-sign-in.min.css", asset("x.css", readFileSync(join(widgetDist, "css", "okta-sign-in.min.css")))],
  ]);
  const widget = await serve(config.ports.widget, {
    fixed: widgetFixed,
    mounts: [["/widget/", widgetDist + "/"]],
    fallback: "/",
  });

  const authDist = join(modules, "@okta", "okta-auth-js", "dist");
  const authOrigin = origin(config.ports.authjs);
  const authjs = await serve(config.ports.authjs, {
    fixed: new Map([
      ["/", peerPage("authjs.html", authOrigin)],
      ["/authjs/okta-auth-js.idx.min.js", asset("x.js", readFileSync(join(authDist, "okta-auth-js.idx.min.js")))],
    ]),
    fallback: "/",
  });

  const reactOrigin = origin(config.ports.react);
  const bundle = reactBundle();
  emit("meta", "react-bundle", bundle.length);
  const react = await serve(config.ports.react, {
    fixed: new Map([
      ["/", peerPage("react.html", reactOrigin)],
      ["/react/app.js", asset("x.js", bundle)],
    ]),
    fallback: "/",
  });
  return {
    app,
    widget,
    authjs,
    react,
    origins: { app: appOrigin, widget: widgetOrigin, authjs: authOrigin, react: reactOrigin },
  };
}

// ---------------------------------------------------------------- probing

// Runs in every document before its own scripts. Records when the page's
// username field is usable (present, enabled, rendered, takes focus) and
// every WebAssembly.Memory the page creates or instantiates, so the runner
// can add wasm memory to the JS heap. Checks run on DOM mutations and on
// animation frames (a stylesheet can make a field visible without a mutation).
function probe({ selector, failSelector }) {
  const memories = new Set();
  const bench = { usableAt: undefined, homeAt: undefined };
  window.__bench = bench;
  const note = (result) => {
    const instance = result && result.instance ? result.instance : result;
    if (instance && instance.exports) {
      for (const value of Object.values(instance.exports)) {
        if (value instanceof WebAssembly.Memory) memories.add(value);
      }
    }
    return result;
  };
  // Instantiation on the page's clock: when it was asked for and when the
  // instance was ready (streaming compiles while the bytes arrive).
  bench.wasm = [];
  for (const name of ["instantiate", "instantiateStreaming"]) {
    const original = WebAssembly[name];
    if (typeof original === "function") {
      WebAssembly[name] = function (...args) {
        const entry = { how: name, calledAt: performance.now(), readyAt: undefined, url: undefined };
        bench.wasm.push(entry);
        Promise.resolve(args[0]).then(
          (source) => {
            if (source && typeof source.url === "string") entry.url = source.url;
          },
          () => {},
        );
        return original.apply(this, args).then((result) => {
          entry.readyAt = performance.now();
          return note(result);
        });
      };
    }
  }
  // V8's compile time for the page's module: its bytes again, made unique by
  // an extra custom section so no compiled-module cache can answer.
  bench.compileProbe = async () => {
    const entry = bench.wasm.find((w) => w.url);
    if (!entry) return null;
    const bytes = new Uint8Array(await (await fetch(entry.url, { cache: "no-store" })).arrayBuffer());
    const tag = new TextEncoder().encode("bench" + Math.random());
    const extra = new Uint8Array([0, tag.length + 1, tag.length, ...tag]);
    const unique = new Uint8Array(bytes.length + extra.length);
    unique.set(bytes);
    unique.set(extra, bytes.length);
    const start = performance.now();
    await WebAssembly.compile(unique);
    return performance.now() - start;
  };
  const OriginalMemory = WebAssembly.Memory;
  WebAssembly.Memory = new Proxy(OriginalMemory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(target, args, newTarget);
      memories.add(memory);
      return memory;
    },
  });
  bench.wasmBytes = () => {
    let total = 0;
    for (const memory of memories) total += memory.buffer.byteLength;
    return total;
  };
  const now = () => performance.timeOrigin + performance.now();
  bench.ready = new Promise((resolve) => {
    let done = false;
    const check = () => {
      if (done) return;
      if (bench.homeAt === undefined && document.querySelector('[data-testid="home"] h1')) {
        bench.homeAt = now();
      }
      const failed = failSelector && document.querySelector(failSelector);
      if (failed) {
        done = true;
        resolve({ error: (failed.textContent || failed.outerHTML).slice(0, 300) });
        return;
      }
      const el = document.querySelector(selector);
      if (!el || el.disabled || el.readOnly || el.getClientRects().length === 0) return;
      el.focus({ preventScroll: true });
      if (document.activeElement !== el) return;
      done = true;
      bench.usableAt = performance.now();
      resolve({ usableAt: bench.usableAt });
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
    const frame = () => {
      check();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  // Home detection keeps running after the form was usable (sign-in timing).
  new MutationObserver(() => {
    if (bench.homeAt === undefined && document.querySelector('[data-testid="home"] h1')) {
      bench.homeAt = now();
    }
  }).observe(document, { subtree: true, childList: true });
}

/** Network accounting for one page through a CDP session. */
function track(cdp) {
  const requests = new Map();
  const list = [];
  cdp.on("Network.requestWillBeSent", (e) => {
    const url = new URL(e.request.url);
    const item = {
      id: e.requestId,
      method: e.request.method,
      type: e.type || "",
      preflight: e.type === "Preflight" || (e.initiator && e.initiator.type === "preflight"),
      origin: url.origin,
      path: url.pathname,
      status: 0,
      bytes: 0,
      sent: e.request.postData ? Buffer.byteLength(e.request.postData) : 0,
      done: false,
      // CDP monotonic seconds: start and end give each request's place on the timeline.
      start: e.timestamp,
      end: undefined,
    };
    // A redirect reuses the id: the earlier hop stays in the list as its own request.
    requests.set(e.requestId, item);
    list.push(item);
  });
  cdp.on("Network.responseReceived", (e) => {
    const item = requests.get(e.requestId);
    if (item) item.status = e.response.status;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const item = requests.get(e.requestId);
    if (item) {
      item.bytes = e.encodedDataLength;
      item.done = true;
      item.end = e.timestamp;
    }
  });
  cdp.on("Network.loadingFailed", (e) => {
    const item = requests.get(e.requestId);
    if (item) {
      item.done = true;
      item.failed = e.errorText;
      item.end = e.timestamp;
    }
  });
  return {
    list,
    inflight: () => list.filter((r) => !r.done).length,
    async quiet(ms, max) {
      const end = Date.now() + max;
      let since = Date.now();
      while (Date.now() < end) {
        if (this.inflight() > 0) since = Date.now();
        if (Date.now() - since >= ms) return;
        await sleep(50);
      }
    },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A pending page.evaluate rejects when its context closes: settle it to a
// value first so the race leaves no unhandled rejection behind.
const within = (promise, ms, what) =>
  Promise.race([
    promise.catch((e) => ({ error: `failed waiting for ${what}: ${String(e && e.message || e).slice(0, 300)}` })),
    sleep(ms).then(() => ({ error: `timeout after ${ms} ms waiting for ${what}` })),
  ]);

async function openPage(browser, rate, probeArgs) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(probe, probeArgs);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const net = track(cdp);
  await cdp.send("Network.enable");
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text().slice(0, 300)}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${String(e.message).slice(0, 300)}`));
  return { context, page, cdp, net, problems };
}

const PAGES = {
  app: {
    path: "/login",
    selector: 'form[data-step] input[name="username"]',
    failSelector: '[data-testid="config-error"]',
    tokenKey: "signin.tokens.v1",
  },
  widget: { path: "/", selector: 'input[name="identifier"]', failSelector: "body[data-widget-error]" },
  authjs: {
    path: "/",
    selector: 'form[data-step] input[name="username"]',
    failSelector: "body[data-page-error]",
    tokenKey: "okta-token-storage",
  },
  react: {
    path: "/",
    selector: 'form[data-step] input[name="username"]',
    failSelector: "body[data-page-error]",
    tokenKey: "okta-token-storage",
  },
};
/** Pages driven through a complete TOTP sign-in (the widget's UI is not driven). */
const SIGNIN_PAGES = ["app", "authjs", "react"];

async function measureLoad(browser, origins, name, rate) {
  const spec = PAGES[name];
  const { context, page, cdp, net, problems } = await openPage(browser, rate, spec);
  try {
    await page.goto(origins[name] + spec.path, { waitUntil: "commit", timeout: 30000 });
    const outcome = await within(page.evaluate(() => window.__bench.ready), 30000, "a usable username field");
    if (outcome.error) {
      const dom = await page
        .evaluate(() => (document.body ? document.body.innerText : "").replace(/\s+/g, " ").slice(0, 300))
        .catch(() => "");
      problems.push(`page text: ${dom}`);
      return { error: outcome.error, problems, requests: net.list };
    }
    await net.quiet(500, 5000);
    const requests = [...net.list];
    const metrics = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = await cdp.send("Runtime.getHeapUsage");
    const wasm = await page.evaluate(() => window.__bench.wasmBytes());
    const memory = await rendererMemory(page);
    const instantiate = await page.evaluate(() =>
      window.__bench.wasm.filter((w) => w.readyAt !== undefined).map((w) => [w.calledAt, w.readyAt]),
    );
    // Last, so its fetch and compiled module touch none of the figures above.
    const compileMs = await within(page.evaluate(() => window.__bench.compileProbe()), 30000, "the compile probe");
    const ms = (seconds) => (typeof seconds === "number" ? (seconds * 1000).toFixed(1) : "");
    return {
      usableMs: outcome.usableAt,
      jsHeap: heap.usedSize,
      wasm,
      requests,
      problems,
      memory,
      // Main-thread time until the network went quiet, by kind (CDP Performance metrics).
      scriptMs: ms(metrics.ScriptDuration),
      v8CompileMs: ms(metrics.V8CompileDuration),
      layoutMs: ms((metrics.LayoutDuration || 0) + (metrics.RecalcStyleDuration || 0)),
      taskMs: ms(metrics.TaskDuration),
      instantiateMs: instantiate.length ? (instantiate[0][1] - instantiate[0][0]).toFixed(1) : "",
      instantiateEnd: instantiate.length ? instantiate[0][1].toFixed(1) : "",
      compileMs: typeof compileMs === "number" ? compileMs.toFixed(1) : "",
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- memory

let browserCdp;
/** Bytes of a /proc/<pid>/status line such as `RssAnon:  1234 kB`. */
function statusBytes(text, key) {
  const match = text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Renderer process ids now. */
async function rendererPids() {
  const info = await browserCdp.send("SystemInfo.getProcessInfo");
  return info.processInfo.filter((p) => p.type === "renderer").map((p) => p.id);
}

/**
 * Memory of one process: private (anonymous resident plus swapped, what
 * Chrome's task manager calls private memory on Linux) and the resident
 * part of its anonymous executable mappings (V8's JIT code: wasm and JS).
 */
function processMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  let jit = 0;
  let anonExec = false;
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = line.match(/^[0-9a-f]+-[0-9a-f]+ (\S{4}) \S+ \S+ (\d+)\s*(.*)$/);
    if (head) {
      // Anonymous (inode 0, no file; not the kernel's [vdso]) and executable.
      anonExec = head[1][2] === "x" && head[2] === "0" && (head[3] === "" || head[3].startsWith("[anon"));
      continue;
    }
    if (anonExec && line.startsWith("Rss:")) jit += Number(line.split(/\s+/)[1]) * 1024;
  }
  return { private: statusBytes(status, "RssAnon") + statusBytes(status, "VmSwap"), jit };
}

const MARK = 32 << 20;

/** The page's renderer memory (see the invariants at the top). */
async function rendererMemory(page) {
  try {
    const before = new Map();
    for (const pid of await rendererPids()) {
      try {
        before.set(pid, processMemory(pid));
      } catch {
        // The process ended meanwhile (a closed context's renderer).
      }
    }
    await page.evaluate((size) => {
      window.__benchMark = new Uint8Array(size).fill(1);
    }, MARK);
    let found;
    let grown = 0;
    for (const [pid, memory] of before) {
      try {
        const growth = processMemory(pid).private - memory.private;
        if (growth > grown) [found, grown] = [pid, growth];
      } catch {
        // Ended meanwhile: not the page's.
      }
    }
    await page.evaluate(() => {
      window.__benchMark = null;
    });
    if (found === undefined || grown < MARK / 2) {
      return { error: `no renderer grew by the ${MARK >> 20} MB mark (largest growth ${grown} bytes)` };
    }
    return before.get(found);
  } catch (error) {
    return { error: String((error && error.message) || error).slice(0, 200) };
  }
}

function summarize(requests) {
  const real = requests.filter((r) => !r.preflight);
  return {
    requests: real.length,
    preflights: requests.length - real.length,
    bytes: requests.reduce((sum, r) => sum + r.bytes, 0),
    discovery: real.filter((r) => r.path.includes("/.well-known/")).length,
    offLoopback: requests.filter((r) => !/^http:\/\/127\.0\.0\.1(:|$)/.test(r.origin)).length,
  };
}

function logRequests(kind, name, requests, rate = "", iter = "") {
  const zero = requests.length ? requests[0].start : 0;
  const ms = (t) => (t === undefined ? "" : ((t - zero) * 1000).toFixed(1));
  for (const r of requests) {
    emit(kind, name, r.method, r.preflight ? "preflight" : r.type, r.status, r.origin, r.path, r.bytes, r.failed || "", ms(r.start), ms(r.end), rate, iter);
  }
}

async function loads(browser, origins) {
  const names = ["app", "widget", "authjs", "react"];
  for (const rate of config.cpuRates) {
    const failures = Object.fromEntries(names.map((n) => [n, 0]));
    for (let iter = -config.warmups; iter < config.loads; iter++) {
      // Rotate the order every round so no page always goes first.
      const shift = ((iter % names.length) + names.length) % names.length;
      const order = names.slice(shift).concat(names.slice(0, shift));
      for (const name of order) {
        if (failures[name] >= 2) continue; // a page that fails twice in a row is not retried further
        const result = await measureLoad(browser, origins, name, rate);
        const s = summarize(result.requests);
        if (result.error) {
          failures[name] += 1;
          log(`${name} x${rate} #${iter}: ${result.error}`);
          emit("fail", name, rate, iter, result.error);
          for (const p of result.problems) emit("diag", name, p);
          logRequests("failreq", name, result.requests);
          continue;
        }
        failures[name] = 0;
        if (iter < 0) continue; // warm-up: not recorded
        const mem = result.memory;
        if (mem.error) emit("diag", name, `renderer memory: ${mem.error}`);
        emit(
          "load", name, rate, iter, result.usableMs.toFixed(1), result.jsHeap, result.wasm,
          s.requests, s.preflights, s.bytes, s.discovery, s.offLoopback,
          mem.private ?? "", mem.jit ?? "", result.scriptMs, result.v8CompileMs, result.layoutMs,
          result.taskMs, result.instantiateMs, result.instantiateEnd, result.compileMs,
        );
        logRequests("req", name, result.requests, rate, iter);
        if (iter === 0 && rate === 1) {
          for (const p of result.problems) emit("diag", name, p);
        }
        log(`${name} x${rate} #${iter}: usable ${result.usableMs.toFixed(0)} ms, ${s.requests} requests (+${s.preflights} preflights)`);
      }
    }
  }
}

// ---------------------------------------------------------------- sign-in

async function control(method, path, body) {
  const response = await fetch(`${config.emulator}/emulator/api/${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`emulator control ${method} ${path}: HTTP ${response.status}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** A TOTP code with a few seconds of validity left (never printed). */
async function freshCode(username) {
  for (let i = 0; i < 3; i++) {
    const { code, seconds_left: left } = await control("GET", `users/${encodeURIComponent(username)}/totp`);
    if (left >= 4) return code;
    await sleep((left + 1) * 1000);
  }
  throw new Error("no TOTP code with enough validity left");
}

/** What the sign-in page shows now: home, or the current step's form. */
async function screen(page) {
  return page.evaluate(() => {
    if (document.querySelector('[data-testid="home"] h1')) return { home: true };
    const form = document.querySelector("form[data-step]");
    const submit = form && form.querySelector('button[type="submit"]');
    const busy = submit && (submit.disabled || submit.getAttribute("aria-busy") === "true");
    const messages = document.querySelector('[data-testid="messages"]');
    return {
      step: form ? form.dataset.step : null,
      heading: (document.querySelector("h1") || {}).textContent || "",
      inputs: form ? [...form.querySelectorAll("input[name], select[name]")].map((i) => i.name) : [],
      totpButton: Boolean(document.querySelector('button[data-authenticator="okta_verify"][data-method="totp"]')),
      busy: Boolean(busy),
      messages: messages ? messages.textContent.trim().slice(0, 200) : "",
      configError: Boolean(document.querySelector('[data-testid="config-error"]')),
    };
  });
}

const signature = (s) => (s.home ? "home" : `${s.step}|${s.heading}|${s.inputs.join(",")}|${s.totpButton}`);

async function waitForChange(page, before, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const now = await screen(page);
    // Between steps the app may show neither a form nor home for a moment.
    if (now.home || (now.step && !now.busy && signature(now) !== before)) return now;
    await sleep(50);
  }
  return { error: `page did not move on from ${before} within ${ms} ms`, ...(await screen(page)) };
}

async function signIn(browser, origins, name) {
  const user = config.user;
  const spec = PAGES[name];
  await control("POST", "reset");
  const { context, page, net, problems } = await openPage(browser, 1, spec);
  const startedAt = Date.now();
  try {
    await page.goto(origins[name] + spec.path, { waitUntil: "commit", timeout: 30000 });
    const ready = await within(page.evaluate(() => window.__bench.ready), 30000, "the identify form");
    if (ready.error) return { error: ready.error, problems, requests: net.list };
    let steps = 0;
    let submitAt;
    let current = await screen(page);
    for (let guard = 0; guard < 8 && !current.home; guard++) {
      if (current.configError) return { error: "config error page", problems, requests: net.list };
      const before = signature(current);
      if (current.inputs.includes("verificationCode")) {
        await page.fill('input[name="verificationCode"]', await freshCode(user.username));
        // Clock in the page's own time base, taken right before the click.
        submitAt = await page.evaluate(() => {
          const at = performance.timeOrigin + performance.now();
          document.querySelector('form[data-step] button[type="submit"]').click();
          return at;
        });
      } else if (current.totpButton) {
        await page.click('button[data-authenticator="okta_verify"][data-method="totp"]');
      } else if (current.step) {
        if (current.inputs.includes("username")) await page.fill('input[name="username"]', user.username);
        if (current.inputs.includes("password")) await page.fill('input[name="password"]', user.password);
        // Choice lists (the okta-auth-js page): Okta Verify, then its code method.
        const unchosen = await page.evaluate(() => {
          const wanted = { authenticator: "okta_verify", methodType: "totp" };
          const missing = [];
          for (const select of document.querySelectorAll("form[data-step] select[name]")) {
            const value = wanted[select.name];
            if (value === undefined) continue;
            const options = [...select.options].map((o) => o.value);
            if (options.includes(value)) select.value = value;
            else missing.push(`${select.name} offers ${options.join("/")}, not ${value}`);
          }
          return missing;
        });
        if (unchosen.length) return { error: unchosen.join("; "), problems, requests: net.list };
        await page.click('form[data-step] button[type="submit"]');
      } else {
        return { error: `no form and no home page (heading "${current.heading}")`, problems, requests: net.list };
      }
      steps += 1;
      current = await waitForChange(page, before, 15000);
      if (current.error) {
        return { error: `${current.error}; messages: "${current.messages}"`, problems, requests: net.list };
      }
    }
    if (!current.home) return { error: "home page not reached after 8 steps", problems, requests: net.list };
    if (submitAt === undefined) return { error: "home reached without a code step", problems, requests: net.list };
    const homeAt = await page.evaluate(() => window.__bench.homeAt);
    await net.quiet(500, 5000);
    const stored = await page.evaluate(
      (key) => sessionStorage.getItem(key) !== null || localStorage.getItem(key) !== null,
      spec.tokenKey,
    );
    return { steps, codeToHome: homeAt - submitAt, total: Date.now() - startedAt, stored, requests: net.list, problems };
  } catch (error) {
    // A driver error (a click that never lands, a closed page) ends this
    // sign-in only; the report says why.
    return { error: `driver: ${String((error && error.message) || error).split("\n")[0]}`, problems, requests: net.list };
  } finally {
    await context.close();
  }
}

async function signIns(browser, origins) {
  const broken = new Set();
  for (let iter = -1; iter < config.signins; iter++) {
    // Rotate the pages so each sees the same machine conditions.
    const shift = ((iter % SIGNIN_PAGES.length) + SIGNIN_PAGES.length) % SIGNIN_PAGES.length;
    for (const name of SIGNIN_PAGES.slice(shift).concat(SIGNIN_PAGES.slice(0, shift))) {
      if (broken.has(name)) continue;
      const result = await signIn(browser, origins, name);
      if (result.error) {
        log(`${name} sign-in #${iter}: ${result.error}`);
        emit("signinfail", name, iter, result.error);
        for (const p of result.problems) emit("diag", `${name}-signin`, p);
        logRequests("signinreq", `${name}:${iter}`, result.requests);
        if (iter >= 0) broken.add(name); // the flow is broken: more attempts say nothing new
        continue;
      }
      if (iter < 0) continue;
      const api = result.requests.filter((r) => r.origin === config.emulator);
      const statics = result.requests.filter((r) => r.origin !== config.emulator);
      const a = summarize(api);
      const st = summarize(statics);
      const sent = api.reduce((sum, r) => sum + r.sent, 0);
      emit("signin", name, iter, result.codeToHome.toFixed(1), a.requests, a.preflights, a.bytes, sent, st.requests, st.bytes, result.steps, a.discovery, result.stored, result.total);
      if (iter === 0) logRequests("signinreq", `${name}:${iter}`, result.requests);
      log(`${name} sign-in #${iter}: code -> home ${result.codeToHome.toFixed(0)} ms, ${a.requests} API requests (+${a.preflights} preflights), ${result.steps} steps`);
    }
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const servers = await startServers();
  const browser = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    // Fresh profile per run: playwright launches with a new temporary user-data-dir.
    args: [...config.chromiumFlags, "--proxy-server=http://127.0.0.1:9"],
  });
  try {
    browserCdp = await browser.newBrowserCDPSession();
    emit("meta", "chromium", browser.version());
    emit("meta", "playwright-core", playwrightVersion);
    emit("meta", "origins", JSON.stringify(servers.origins));
    await loads(browser, servers.origins);
    for (const name of ["app", "widget", "authjs", "react"]) {
      const s = servers[name];
      emit("meta", `encoding-${name}`, [...s.encodings.keys()].join(","));
    }
    if (config.signins > 0) await signIns(browser, servers.origins);
  } finally {
    await browser.close();
    for (const s of [servers.app, servers.widget, servers.authjs, servers.react]) s.server.close();
    writeFileSync(config.out, lines.join("\n") + "\n");
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error("[bench] runner failed:", error && error.stack ? error.stack : error);
    if (lines.length) writeFileSync(config.out, lines.join("\n") + "\n");
    process.exit(1);
  },
);
