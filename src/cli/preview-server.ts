// The preview's HTTP server, on 127.0.0.1 only: the static page, its stylesheet, the answers to
// start from, the precompiled validator of the schema (rendered in memory, as sync-schema would
// write it), and the package's own ES modules the page imports. Every answer carries a
// Content-Security-Policy that allows scripts from this origin only.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { renderPrecompiledValidator } from "../codegen/precompiled-validator.js";
import { pageCss, pageHtml } from "../preview-page/assets.js";
import type { PreviewConfig } from "../preview-page/page.js";

/** What the server shows. */
export interface PreviewOptions {
  /** The application schema. */
  schema: unknown;
  /** The title, source, starting answers and context the page reads. */
  config: PreviewConfig;
  /** The port on 127.0.0.1; 0 for a free one. */
  port: number;
}

/** A running preview server. */
export interface PreviewServer {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  /** Stops serving and closes every connection. */
  close(): Promise<void>;
}

const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const baseHeaders = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cache-control": "no-store",
};

// The validator imports the precompiled entry point by package name; the page has no import map
// (it would be an inline script), so the name becomes the module's URL here.
const precompiledEntry = "/esm/src/precompiled/index.js";

/** Starts the server; resolves once it listens. */
export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const modules = moduleSource();
  const validateJs = renderPrecompiledValidator(options.schema, { precompiledModule: precompiledEntry }).validateJs;
  const config = JSON.stringify(options.config);
  let port = options.port;

  const routes: Record<string, () => Promise<[string, string] | undefined> | [string, string]> = {
    "/": () => ["text/html; charset=utf-8", pageHtml],
    "/page.css": () => ["text/css; charset=utf-8", pageCss],
    "/preview.json": () => ["application/json; charset=utf-8", config],
    "/validate.js": () => ["text/javascript; charset=utf-8", validateJs],
  };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const send = (status: number, type: string, body: string): void => {
      response.writeHead(status, { ...baseHeaders, "content-type": type, "content-length": Buffer.byteLength(body) });
      response.end(request.method === "HEAD" ? undefined : body);
    };
    // A page elsewhere that points a DNS name at 127.0.0.1 must not read the preview.
    if (request.headers.host !== `127.0.0.1:${port}` && request.headers.host !== `localhost:${port}`) return send(403, "text/plain; charset=utf-8", "Forbidden host\n");
    if (request.method !== "GET" && request.method !== "HEAD") return send(405, "text/plain; charset=utf-8", "Method not allowed\n");
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const route = routes[path];
    const found = route ? await route() : path.startsWith("/esm/") ? await modules(path.slice("/esm/".length)) : undefined;
    if (path === "/favicon.ico") return send(204, "image/x-icon", "");
    if (!found) return send(404, "text/plain; charset=utf-8", "Not found\n");
    send(200, found[0], found[1]);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { ...baseHeaders, "content-type": "text/plain; charset=utf-8" });
      response.end(`${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads `<path>` of the ES module tree: the published build, or from the sources when run from them. */
function moduleSource(): (path: string) => Promise<[string, string] | undefined> {
  // Only modules of the package's ESM build (not the bin's), by a plain relative path.
  const allowed = /^(src\/(?!cli\/|codegen\/)|generated\/)[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\.js$/;
  const javascript = "text/javascript; charset=utf-8";
  const fromSources = import.meta.url.endsWith(".ts");
  if (!fromSources) {
    // The bin is dist/cli.js; the ESM build is dist/esm.
    const root = new URL("./esm/", import.meta.url);
    return async (path) => {
      if (!allowed.test(path)) return undefined;
      const code = await readFile(new URL(path, root), "utf8").catch(() => undefined);
      return code === undefined ? undefined : [javascript, code];
    };
  }
  // Run from the TypeScript sources (tests, `tsx src/cli/main.ts`): each module is compiled by
  // esbuild (a devDependency) as the build would, bundled only where it imports a package.
  const root = new URL("../../", import.meta.url);
  const cache = new Map<string, Promise<[string, string] | undefined>>();
  return (path) => {
    if (!allowed.test(path)) return Promise.resolve(undefined);
    let compiled = cache.get(path);
    if (!compiled) {
      compiled = compileSource(fileURLToPath(new URL(path.replace(/\.js$/, ".ts"), root))).then((code) => (code === undefined ? undefined : [javascript, code]));
      cache.set(path, compiled);
    }
    return compiled;
  };
}

async function compileSource(file: string): Promise<string | undefined> {
  const source = await readFile(file, "utf8").catch(() => undefined);
  if (source === undefined) return undefined;
  // A variable, so that the bin's bundler leaves esbuild out: only the sources path needs it.
  const name = "esbuild";
  const esbuild = (await import(name)) as typeof import("esbuild");
  const { code } = await esbuild.transform(source, { loader: "ts", format: "esm", target: "es2022", sourcefile: file });
  if (!/^\s*(import|export)[^;]*from\s*"(?![./])/m.test(code)) return code;
  const bundled = await esbuild.build({ entryPoints: [file], bundle: true, write: false, format: "esm", platform: "browser", target: "es2022" });
  return bundled.outputFiles[0]!.text;
}
