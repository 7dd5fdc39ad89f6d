// A loopback HTTP server scripted per test: each request takes the next scripted fault (or the
// fallback), and every request that reaches it is recorded, including those it then drops.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buffer } from "node:stream/consumers";

/** A request as the server saw it. */
export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** What the server does with one request. */
export type Fault = (req: IncomingMessage, res: ServerResponse, recorded: Recorded) => void | Promise<void>;

/** A running fault server. */
export interface FaultServer {
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** Requests received so far. */
  requests: Recorded[];
  /** Queues faults for the next requests, in order. */
  script(...faults: Fault[]): void;
  /** What requests get once the script is used up; `json(200, {})` by default. */
  fallback(fault: Fault): void;
  close(): Promise<void>;
}

/** Starts a fault server on a free loopback port. */
export async function startFaultServer(): Promise<FaultServer> {
  const queue: Fault[] = [];
  let fallbackFault: Fault = json(200, {});
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const recorded: Recorded = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.alloc(0) };
    requests.push(recorded);
    const fault = queue.shift() ?? fallbackFault;
    Promise.resolve(fault(req, res, recorded)).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...faults) => queue.push(...faults),
    fallback: (fault) => {
      fallbackFault = fault;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads the body, then answers with `body` as JSON. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Fault {
  return async (req, res, recorded) => {
    recorded.body = await buffer(req);
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "x-request-id": `req-${status}`, ...headers });
    res.end(status === 204 ? undefined : text);
  };
}

/** Reads the body, then answers with a text body. */
export function text(status: number, body: string, headers: Record<string, string> = {}): Fault {
  return async (req, res, recorded) => {
    recorded.body = await buffer(req);
    res.writeHead(status, { "content-type": "text/html", ...headers });
    res.end(body);
  };
}

/** Drops the connection before reading the request body. */
export function resetBeforeBody(): Fault {
  return (req) => {
    req.socket.destroy();
  };
}

/** Reads the whole request body, then drops the connection without answering. */
export function resetAfterBody(): Fault {
  return async (req, _res, recorded) => {
    recorded.body = await buffer(req);
    req.socket.destroy();
  };
}

/** Reads the body and never answers. */
export function hang(): Fault {
  return async (req, _res, recorded) => {
    recorded.body = await buffer(req);
  };
}

/** Sends headers promising `declared` bytes, then part of the body, then drops the connection. */
export function truncated(status: number, partial: string, declared = partial.length + 100): Fault {
  return async (req, res, recorded) => {
    recorded.body = await buffer(req);
    res.writeHead(status, { "content-type": "application/json", "content-length": String(declared) });
    res.write(partial);
    setTimeout(() => req.socket.destroy(), 5);
  };
}

/** Sends the headers, then stalls the body forever. */
export function stalledBody(status: number): Fault {
  return async (req, res, recorded) => {
    recorded.body = await buffer(req);
    res.writeHead(status, { "content-type": "application/json", "content-length": "1000" });
    res.write("{");
  };
}
