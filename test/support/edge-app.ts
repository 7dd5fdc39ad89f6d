// One application for the runtimes where code generation from strings is refused (workerd, a page
// under `script-src 'self'`): the client, a precompiled validate.js and the webhook parser, bundled
// by esbuild as an app would bundle them. `run(input)` is what the worker and the page call.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions, type Plugin } from "esbuild";
import { renderPrecompiledValidator } from "../../src/codegen/precompiled-validator.js";
import { fixtureSchema } from "./schemas.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** What `run` is given: payloads to validate and save, and a signed SNS notification with its certificate. */
export interface EdgeInput {
  baseUrl: string;
  applicationId: string;
  payloads: [string, unknown][];
  notification: string;
  certificatePem: string;
  topicArn: string;
}

/** What `run` answers. */
export interface EdgeOutput {
  codeGeneration: string;
  errors: unknown[];
  issues: unknown[];
  requiredSections: string[];
  preflight: unknown;
  saved: unknown;
  notification: unknown;
}

// The application: imports the package by name (mapped to the sources below) and the generated module.
const app = `import { createOnboardingClient, ValidationError, verifyOnboardingNotification } from "circle-onboarding";
import { validator } from "./validate.js";

export async function run(input) {
  let codeGeneration = "allowed";
  // The probe holds Function in a variable: the bundle itself must not spell a call of it.
  const Make = Function;
  try { new Make("return 1"); } catch (error) { codeGeneration = String(error); }
  const errors = input.payloads.map(([name, payload]) => validator.validateSection(name, payload));
  const issues = input.payloads.map(([name, payload]) => validator.section(name)["~standard"].validate(payload));
  const circle = createOnboardingClient({ token: "sk_test", baseUrl: input.baseUrl, validator });
  let preflight;
  try {
    await circle.sections.save(input.applicationId, "basicBusinessInfo", { natureOfBusiness: "trust" });
  } catch (error) {
    preflight = error instanceof ValidationError ? { preflight: error.preflight, fieldErrors: error.fieldErrors } : String(error);
  }
  const saved = await circle.sections.save(input.applicationId, "basicBusinessInfo", { legalName: "Acme Trust", natureOfBusiness: "trust" });
  const received = await verifyOnboardingNotification(input.notification, { topicArn: input.topicArn, fetchCertificate: async () => input.certificatePem, certificateCache: false });
  return { codeGeneration, errors, issues, requiredSections: validator.requiredSections({ basicBusinessInfo: { natureOfBusiness: "trust" } }), preflight, saved, notification: received.kind === "notification" ? received.event : received.kind };
}
`;

/** Resolves the package's name to its sources, as its `exports` map resolves it to the build. */
const packageSources: Plugin = {
  name: "circle-onboarding-sources",
  setup(b) {
    b.onResolve({ filter: /^circle-onboarding(\/precompiled)?$/ }, (args) => ({
      path: join(root, args.path === "circle-onboarding" ? "src/index.ts" : "src/precompiled/index.ts"),
    }));
  },
};

/** The bundled application (an ES module exporting `run`), for the trust fixture's schema. */
export async function buildEdgeApp(): Promise<{ code: string; validateJs: string; precompiledEntry: string }> {
  const dir = await mkdtemp(join(tmpdir(), "circle-edge-"));
  try {
    const schema = fixtureSchema("trust");
    const { validateJs } = renderPrecompiledValidator(schema);
    await writeFile(join(dir, "validate.js"), validateJs);
    await writeFile(join(dir, "app.js"), app);
    const bundle = async (entry: string): Promise<string> => {
      const options: BuildOptions = { entryPoints: [entry], bundle: true, write: false, format: "esm", platform: "browser", target: "es2022", plugins: [packageSources], logLevel: "silent" };
      return (await build(options)).outputFiles![0]!.text;
    };
    // The entry point validate.js imports, as one ES module: what an import map can point at.
    return { code: await bundle(join(dir, "app.js")), validateJs, precompiledEntry: await bundle(join(root, "src/precompiled/index.ts")) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
