// Peer page 3 for `cargo xtask bench`: a minimal React 19 sign-in page on
// okta-auth-js's `idx` module, bundled by esbuild (../../runner.mjs builds
// it at the start of a run: minified, production React). It renders an IDX
// step the way the okta-auth-js page and this app do: one <h1>, a
// <form data-step>, a labelled control per input, a submit button; on
// success it stores the tokens and shows [data-testid="home"].
//
// Invariant: inputs come from the transaction (okta-auth-js's step mode),
// never hard-coded; the page does what a small production React app would.
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { OktaAuth } from "@okta/okta-auth-js/idx";

const config = window.BENCH_CONFIG;
const auth = new OktaAuth({
  issuer: config.issuer,
  clientId: config.clientId,
  redirectUri: config.redirectUri,
  scopes: config.scopes,
});

// The step to show: okta-auth-js 8 lists the offered steps in
// availableSteps (friendly input names); nextStep names the one to show.
function currentStep(transaction) {
  const available = transaction.availableSteps || [];
  const wanted = transaction.nextStep && transaction.nextStep.name;
  return available.find((s) => !wanted || s.name === wanted) || transaction.nextStep;
}

function Field({ input }) {
  const id = "field-" + input.name;
  const control = Array.isArray(input.options) ? (
    <select id={id} name={input.name} required={Boolean(input.required)}>
      {input.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  ) : (
    <input
      id={id}
      name={input.name}
      type={input.secret ? "password" : input.type === "boolean" ? "checkbox" : "text"}
      required={Boolean(input.required)}
    />
  );
  return (
    <>
      <label htmlFor={id}>{input.label || input.name}</label>
      {control}
    </>
  );
}

function StepForm({ step, onSubmit }) {
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    const values = Object.fromEntries(new FormData(event.currentTarget));
    await onSubmit({ step: step.name, ...values });
    setBusy(false);
  };
  return (
    <form data-step={step.name} onSubmit={submit}>
      {(step.inputs || []).map((input) => (
        <Field key={input.name} input={input} />
      ))}
      <button type="submit" disabled={busy} aria-busy={busy ? "true" : undefined}>
        Next
      </button>
    </form>
  );
}

function Home({ tokens }) {
  const claims = tokens.idToken ? tokens.idToken.claims : {};
  return (
    <section data-testid="home">
      <h1>Welcome, {claims.name || claims.email || "you"}</h1>
    </section>
  );
}

function App() {
  const [transaction, setTransaction] = useState(null);
  const [error, setError] = useState("");
  useEffect(() => {
    auth.idx.start().then(setTransaction, (e) => {
      const text = String((e && e.message) || e);
      document.body.dataset.pageError = text;
      setError(text);
    });
  }, []);
  const proceed = async (values) => {
    const next = await auth.idx.proceed(values);
    // What an app does on success: keep the tokens, then greet the person.
    if (next.status === "SUCCESS" && next.tokens) auth.tokenManager.setTokens(next.tokens);
    setTransaction(next);
  };
  if (transaction && transaction.status === "SUCCESS" && transaction.tokens) {
    return <Home tokens={transaction.tokens} />;
  }
  const messages = transaction ? (transaction.messages || []).map((m) => m.message) : [];
  const step = transaction && currentStep(transaction);
  return (
    <main>
      <h1>Sign in</h1>
      <p id="messages" data-testid="messages" aria-live="polite">
        {error || messages.join(" ")}
      </p>
      {step ? (
        <StepForm key={JSON.stringify(step)} step={step} onSubmit={proceed} />
      ) : transaction ? (
        <p>Status: {transaction.status}</p>
      ) : null}
    </main>
  );
}

function Root() {
  return (
    <StrictMode>
      <App />
    </StrictMode>
  );
}

createRoot(document.getElementById("root")).render(<Root />);
