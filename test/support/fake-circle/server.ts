// A stateful fake of Circle's onboarding API on a loopback port, for the onboard tests and the
// benchmark. It checks the bearer token and POST keys, replays a key's first answer, answers 409
// for a repeated name + country, enforces a token-bucket rate limit with 429 and Retry-After, and
// injects faults on demand: 5xx or a dropped connection before or after the effect, and delays.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buffer } from "node:stream/consumers";
import { isObject } from "../../../src/sections/schema-node.js";
import { type Answer, FakeModel } from "./model.js";
import { fakeTemplate } from "./template.js";
import { seeded } from "../seeded.js";
import { uuidV4Pattern } from "../../../src/uuid.js";

/** A token bucket: `perSecond` tokens a second, at most `burst` saved up. */
export interface RateLimit {
  perSecond: number;
  /** Defaults to `perSecond` (one second's worth). */
  burst?: number;
}

/** Probabilities (0–1) of each fault; effects are the POSTs and PATCHes that change something. */
export interface Faults {
  /** A 503 before the effect: nothing happened. */
  errorBeforeEffect?: number;
  /** A 500 after the effect: it happened, the caller cannot tell. */
  errorAfterEffect?: number;
  /** The connection dropped before the effect. */
  resetBeforeEffect?: number;
  /** The connection dropped after the effect. */
  resetAfterEffect?: number;
  /** A 503 on a read. */
  readError?: number;
  /** Extra latency on every request, uniform between the two bounds, in ms. */
  delayMs?: [number, number];
}

/** A fault chosen for one request by a test, and what to do once its effect is applied. */
export interface Interception {
  fault: "error-before" | "error-after" | "reset-before" | "reset-after" | "none";
  /** Runs after the effect, before the (faulty) answer: expire keys, change a status. */
  after?: () => void;
}

/** Picks a fault for a request (by method and path), or none. */
export type Interceptor = (request: { method: string; path: string }) => Interception | undefined;

/** Options of {@link startFakeCircle}. */
export interface FakeCircleOptions {
  token?: string;
  rateLimit?: RateLimit;
  faults?: Faults;
  /** Seed of the fault generator, so a run injects the same faults. */
  seed?: number;
}

/** Request counters by outcome. */
export interface RequestCounts {
  total: number;
  tooMany: number;
  replays: number;
  injected: number;
  byStatus: Record<number, number>;
  /** Most requests handled at once, not counting lists of clients (a run's key check at start). */
  maxInFlight: number;
  /** When the first request of the work arrived (`performance.now()`): a run's key check at start (a list of one client) does not count, so rates measure the work, not the start-up between the two. */
  firstAt: number;
  /** Key checks among `total`. */
  keyChecks: number;
  /** When the last request arrived. */
  lastAt: number;
}

/** A running fake. */
export interface FakeCircle {
  url: string;
  token: string;
  model: FakeModel;
  requests: RequestCounts;
  /** Changes the rate limit (undefined: none) and faults from now on. */
  configure(options: { rateLimit?: RateLimit | undefined; faults?: Faults }): void;
  /** Decides faults request by request (before the random ones); `undefined` removes it. */
  intercept(interceptor: Interceptor | undefined): void;
  close(): Promise<void>;
}


/** Starts the fake on a free loopback port. */
export async function startFakeCircle(options: FakeCircleOptions = {}): Promise<FakeCircle> {
  const token = options.token ?? "fake-circle-key";
  const model = new FakeModel();
  const random = seeded(options.seed ?? 20261130);
  const requests: RequestCounts = { total: 0, tooMany: 0, replays: 0, injected: 0, byStatus: {}, maxInFlight: 0, firstAt: 0, keyChecks: 0, lastAt: 0 };
  let inFlight = 0;
  let rateLimit = options.rateLimit;
  let faults: Faults = options.faults ?? {};
  let interceptor: Interceptor | undefined;
  let tokens = rateLimit?.burst ?? rateLimit?.perSecond ?? 0;
  let refilledAt = performance.now();

  /** Takes a token; the seconds until one is due when there is none. */
  const takeToken = (): number | undefined => {
    if (!rateLimit) return undefined;
    const now = performance.now();
    const burst = rateLimit.burst ?? rateLimit.perSecond;
    tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * rateLimit.perSecond);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    return (1 - tokens) / rateLimit.perSecond;
  };

  const send = (res: ServerResponse, answer: Answer) => {
    requests.byStatus[answer.status] = (requests.byStatus[answer.status] ?? 0) + 1;
    const body = answer.body === undefined ? "" : JSON.stringify(answer.body);
    res.writeHead(answer.status, { "content-type": "application/json", "x-request-id": `fake-${requests.total}`, ...answer.headers });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests.total++;
    requests.lastAt = performance.now();
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const method = req.method ?? "GET";
    const keyCheck = method === "GET" && url.pathname === "/v1/partner/clients" && url.searchParams.get("pageSize") === "1";
    if (keyCheck) requests.keyChecks++;
    else if (requests.firstAt === 0) requests.firstAt = requests.lastAt;
    const body = await buffer(req);
    if (faults.delayMs) {
      const [low, high] = faults.delayMs;
      await new Promise((resolve) => setTimeout(resolve, low + random() * (high - low)));
    }
    const wait = takeToken();
    if (wait !== undefined) {
      requests.tooMany++;
      // Retry-After is whole seconds, as HTTP defines it.
      return send(res, { status: 429, body: { code: 429, message: "Too many requests" }, headers: { "retry-after": String(Math.max(1, Math.ceil(wait))) } });
    }
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, { status: 401, body: { code: 401, message: "Malformed authorization." } });

    const effect = method === "POST" || method === "PATCH";
    const chosen = interceptor?.({ method, path: url.pathname });
    if (chosen?.fault === "error-before" || chosen?.fault === "reset-before") {
      requests.injected++;
      if (chosen.fault === "reset-before") return void req.socket.destroy();
      return send(res, { status: 503, body: { code: 503, message: "Service unavailable" } });
    }
    if (!chosen && !effect && faults.readError && random() < faults.readError) {
      requests.injected++;
      return send(res, { status: 503, body: { code: 503, message: "Service unavailable" } });
    }
    if (!chosen && effect && faults.errorBeforeEffect && random() < faults.errorBeforeEffect) {
      requests.injected++;
      return send(res, { status: 503, body: { code: 503, message: "Service unavailable" } });
    }
    if (!chosen && effect && faults.resetBeforeEffect && random() < faults.resetBeforeEffect) {
      requests.injected++;
      req.socket.destroy();
      return;
    }

    const key = req.headers["x-idempotency-key"];
    let answer: Answer;
    if (method === "POST") {
      if (typeof key !== "string" || !uuidV4Pattern.test(key)) return send(res, { status: 400, body: { code: 400, message: "X-Idempotency-Key must be a UUID v4" } });
      const first = model.replay(key);
      if (first) {
        requests.replays++;
        return send(res, first);
      }
      answer = await route(method, url, body, req.headers["content-type"]);
      // 5xx answers are not kept, so a retry with the key runs the request again.
      if (answer.status < 500) model.remember(key, answer);
    } else {
      answer = await route(method, url, body, req.headers["content-type"]);
    }

    chosen?.after?.();
    if (chosen?.fault === "error-after" || chosen?.fault === "reset-after") {
      requests.injected++;
      if (chosen.fault === "reset-after") return void req.socket.destroy();
      return send(res, { status: 500, body: { code: 500, message: "Internal server error" } });
    }
    if (!chosen && effect && answer.status < 300 && faults.errorAfterEffect && random() < faults.errorAfterEffect) {
      requests.injected++;
      return send(res, { status: 500, body: { code: 500, message: "Internal server error" } });
    }
    if (!chosen && effect && answer.status < 300 && faults.resetAfterEffect && random() < faults.resetAfterEffect) {
      requests.injected++;
      req.socket.destroy();
      return;
    }
    send(res, answer);
  };

  const route = async (method: string, url: URL, body: Buffer, contentType: string | undefined): Promise<Answer> => {
    const path = url.pathname;
    const json = (): unknown => {
      try {
        return JSON.parse(body.toString("utf8"));
      } catch {
        return undefined;
      }
    };
    if (path === "/v1/partner/clients") {
      if (method === "POST") {
        const parsed = json();
        return isObject(parsed) ? model.createClient(parsed) : { status: 400, body: { code: 400, message: "expected a JSON object" } };
      }
      if (method === "GET") {
        const pageSize = Number(url.searchParams.get("pageSize") ?? 50);
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return { status: 400, body: { code: 400, message: "pageSize must be 1-100" } };
        const page = model.listClients(pageSize, url.searchParams.get("pageAfter") ?? undefined);
        if (!page) return { status: 400, body: { code: 400, message: "unknown pageAfter" } };
        const headers: Record<string, string> = {};
        if (page.next) headers.link = `</v1/partner/clients?pageSize=${pageSize}&pageAfter=${page.next}>; rel="next"`;
        return { status: 200, body: { data: page.items.map((c) => model.clientView(c)) }, headers };
      }
    }
    const client = /^\/v1\/partner\/clients\/([^/]+)$/.exec(path);
    if (client && method === "GET") {
      const found = model.clients.find((c) => c.clientEntityId === client[1]);
      return found ? { status: 200, body: { data: model.clientView(found) } } : { status: 404, body: { code: 404, message: "Not found" } };
    }
    const match = /^\/v1\/onboarding\/partner\/applications\/([^/]+)(?:\/(\w+))?$/.exec(path);
    if (!match) return { status: 404, body: { code: 404, message: "Not found" } };
    const app = model.applications.get(match[1]!);
    if (!app) return { status: 404, body: { code: 181103, message: "Not found" } };
    const what = match[2];
    if (what === undefined && method === "GET") return { status: 200, body: model.applicationView(app) };
    if (what === "schema" && method === "GET") return { status: 200, body: fakeTemplate };
    if (what === "data" && method === "GET") return { status: 200, body: { data: structuredClone(app.data), sections: model.sections(app) } };
    if (what === "data" && method === "PATCH") return model.saveData(app, json());
    if (what === "certifications" && method === "GET") return { status: 200, body: model.certificationIds.map((id) => ({ id, content: `<p>Certification ${id}</p>` })) };
    if (what === "submit" && method === "POST") return model.submit(app, json(), model.clientOf(app)?.clientName ?? "");
    if (what === "documents" && method === "GET") {
      return { status: 200, body: { documents: app.documents.map(({ documentId, datumName, fileName, uploadedAt }) => ({ documentId, datumName, fileName, uploadedAt })) } };
    }
    if (what === "documents" && method === "POST") {
      const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType ?? "" } }).formData().catch(() => undefined);
      if (!form) return { status: 400, body: { code: 400, message: "expected multipart/form-data" } };
      const fields: Record<string, string> = {};
      let bytes = 0;
      for (const [name, value] of form) {
        if (typeof value === "string") fields[name] = value;
        else if (name === "fileContent") bytes = value.size;
      }
      return model.upload(app, fields, bytes);
    }
    return { status: 404, body: { code: 404, message: "Not found" } };
  };

  const server = createServer((req, res) => {
    const counted = !(req.method === "GET" && req.url?.startsWith("/v1/partner/clients?"));
    if (counted) {
      requests.maxInFlight = Math.max(requests.maxInFlight, ++inFlight);
      res.once("close", () => inFlight--);
    }
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    model,
    requests,
    configure(next) {
      if ("rateLimit" in next) {
        rateLimit = next.rateLimit;
        tokens = rateLimit?.burst ?? rateLimit?.perSecond ?? 0;
        refilledAt = performance.now();
      }
      if (next.faults) faults = next.faults;
    },
    intercept(next) {
      interceptor = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
