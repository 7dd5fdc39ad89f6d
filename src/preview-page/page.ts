// The preview page's script (an ES module of the package's own build; no framework, no inline
// script, so it runs under `script-src 'self'`). It loads the precompiled validator the preview
// server rendered for the schema, and re-describes the form on every answer.
import { describeForm, forEachField, type FormModel, type FormValidator, prune } from "../forms/index.js";
import type { JsonValue } from "../sections/schema-node.js";
import { FormView } from "./render.js";
import { appendAt, removeAt, type Segment, setAt } from "./state.js";

/** What the preview server hands the page besides the validator. */
export interface PreviewConfig {
  /** The application schema's title, or where it came from. */
  title: string;
  /** Where the schema came from (a file or an application id), for the header. */
  source: string;
  /** The answers to start from. */
  data: Record<string, unknown>;
  /** Values known outside the form. */
  context: Record<string, JsonValue>;
}

// Read through a variable so that the build leaves the import to the browser.
const validatorUrl = "/validate.js";

async function start(): Promise<void> {
  const root = document.getElementById("form");
  const live = document.getElementById("announcements");
  if (!root || !live) throw new Error("the page has no #form or #announcements");
  const config = (await (await fetch("/preview.json")).json()) as PreviewConfig;
  const { validator } = (await import(validatorUrl)) as { validator: FormValidator };
  const options = { context: config.context };
  const state = structuredClone(config.data);
  const touched = new Set<string>();
  const payloads = new Map<string, string>();
  const paths = (segments: readonly Segment[]): string => segments.join(".");

  // One prune per answer: it gives both the model's answers and every payload shown.
  const describe = (): { model: FormModel; pruned: Record<string, unknown> } => {
    const pruned = prune(validator, state, options);
    return { model: describeForm(validator, pruned, options), pruned };
  };
  let { model } = describe();
  const render = (): void => {
    const next = describe();
    model = next.model;
    for (const [name] of payloads) payloads.set(name, JSON.stringify(next.pruned[name] ?? null, null, 2));
    view.render(model, { touched, payloads });
  };

  const view = new FormView(root, live, {
    change(segments, value) {
      setAt(state, segments, value);
      touched.add(paths(segments));
      render();
    },
    add(segments, entry) {
      appendAt(state, segments, entry);
      render();
    },
    remove(segments, index) {
      removeAt(state, segments, index);
      const prefix = `${paths(segments)}.`;
      for (const path of [...touched]) if (path.startsWith(prefix)) touched.delete(path);
      render();
    },
    showPayload(name) {
      // Filled by render(), with the payload of the same prune as the model.
      payloads.set(name, "");
      // Asking what would be sent shows every error of the section, as a save would.
      for (const s of model.sections) if (s.name === name) forEachField(s.fields, (f) => touched.add(f.path));
      render();
    },
  });

  document.getElementById("source")!.textContent = config.source;
  document.title = `${config.title} · circle-onboarding preview`;
  document.getElementById("title")!.textContent = config.title;
  // Answers given with --data show their errors from the start.
  for (const s of model.sections) forEachField(s.fields, (f) => {
    if (f.value !== undefined && !f.fields && !f.items) touched.add(f.path);
  });
  render();
  document.body.dataset.ready = "true";
}

start().catch((error: unknown) => {
  const message = document.getElementById("failure");
  if (message) {
    message.hidden = false;
    message.textContent = `The preview could not start: ${error instanceof Error ? error.message : String(error)}`;
  }
});
