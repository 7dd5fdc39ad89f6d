// Per-request client CPU and throughput: raw fetch, bare openapi-fetch, circle.raw and the
// resource methods, against the same upstream, in interleaved rounds.
import { fork } from "node:child_process";
import { once } from "node:events";
import createClient from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import type * as Package from "../src/index.js";

// The built package, as users run it (`npm run bench` builds first); typed from the sources,
// which tsc sees even before anything is built.
const built = new URL("../dist/esm/src/index.js", import.meta.url).href;
const { createOnboardingClient } = (await import(built)) as typeof Package;

const applicationId = "550e8400-e29b-41d4-a716-446655440000";
const consent = { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" } as const;
const key = () => crypto.randomUUID();

/** One way of making the GET and the POST. */
interface Variant {
  name: string;
  get: () => Promise<unknown>;
  post: () => Promise<unknown>;
}

/** Starts the upstream in a child process. */
export async function startUpstream(): Promise<{ url: string; stop: () => void }> {
  const child = fork(new URL("./server.ts", import.meta.url), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
  return { url: chunk.toString().trim(), stop: () => child.kill() };
}

/** The four ways, each set up once. */
export function variants(url: string): Variant[] {
  const bare = createClient<paths>({ baseUrl: url, headers: { Authorization: "Bearer sk_bench" } });
  const circle = createOnboardingClient({ token: "sk_bench_token", baseUrl: url });
  return [
    {
      name: "raw fetch",
      get: async () => (await fetch(`${url}/v1/onboarding/partner/applications/${applicationId}`, { headers: { Authorization: "Bearer sk_bench" } })).json(),
      post: async () =>
        (
          await fetch(`${url}/v1/onboarding/partner/applications/${applicationId}/submit`, {
            method: "POST",
            headers: { Authorization: "Bearer sk_bench", "Content-Type": "application/json", "X-Idempotency-Key": key() },
            body: JSON.stringify(consent),
          })
        ).json(),
    },
    {
      name: "openapi-fetch",
      get: () => bare.GET("/v1/onboarding/partner/applications/{applicationId}", { params: { path: { applicationId } } }),
      post: () =>
        bare.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
          params: { path: { applicationId }, header: { "X-Idempotency-Key": key() } },
          body: consent,
        }),
    },
    {
      name: "circle.raw",
      get: () => circle.raw.GET("/v1/onboarding/partner/applications/{applicationId}", { params: { path: { applicationId } } }),
      post: () => circle.raw.POST("/v1/onboarding/partner/applications/{applicationId}/submit", { params: { path: { applicationId } }, body: consent }),
    },
    {
      name: "resource methods",
      get: () => circle.applications.get(applicationId),
      post: () => circle.applications.submit(applicationId, consent),
    },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median client CPU microseconds per request, per variant and method. CPU time is read around
 * blocks of `block` sequential requests (a single request is too short to read), the variants
 * take turns block by block so a burst of load from elsewhere falls on all of them alike, and
 * the median block is kept.
 */
export async function perRequestCpu(list: Variant[], perVariant: number, block = 5): Promise<Map<string, { get: number; post: number }>> {
  const samples = new Map(list.map((v) => [v.name, { get: [] as number[], post: [] as number[] }]));
  // Warm-up: the JIT and the connection pool settle before anything is counted.
  for (const v of list) for (let i = 0; i < 400; i++) await (i % 2 ? v.get() : v.post());
  for (let round = 0; round * block < perVariant; round++) {
    for (const method of ["get", "post"] as const) {
      // Rotate the starting variant so no one always runs first after a pause.
      for (let k = 0; k < list.length; k++) {
        const v = list[(k + round) % list.length]!;
        const start = process.cpuUsage();
        for (let i = 0; i < block; i++) await v[method]();
        const used = process.cpuUsage(start);
        samples.get(v.name)![method].push((used.user + used.system) / block);
      }
    }
  }
  return new Map([...samples].map(([name, s]) => [name, { get: median(s.get), post: median(s.post) }]));
}

/** Requests per second with `concurrency` callers, alternating GET and POST, and heap growth across rounds. */
export async function throughput(v: Variant, total: number, concurrency: number): Promise<{ perSecond: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const n = next++;
        try {
          const result = (await (n % 2 ? v.get() : v.post())) as { error?: unknown } | undefined;
          if (result && typeof result === "object" && "error" in result && result.error !== undefined) errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { perSecond: total / ((performance.now() - started) / 1000), errors };
}
