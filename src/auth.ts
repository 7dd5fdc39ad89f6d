// Bearer authentication: resolves the token once per request and remembers the tokens in use,
// so that anything the server echoes back can be scrubbed of them.
import type { Middleware } from "openapi-fetch";
import { InvalidRequestError } from "./errors.js";
import { assertTokenShape, type TokenSource } from "./options.js";

/** Tokens seen by this client, newest last, kept so errors can be scrubbed of them. */
export class Secrets {
  readonly #tokens: string[] = [];

  /**
   * Remembers a token; keeps the last few, which covers key rotation. Tokens under 8 characters
   * are not kept: no real API key is that short, and scrubbing one would mangle every message.
   */
  add(token: string): void {
    if (token.length < 8 || this.#tokens.at(-1) === token) return;
    const index = this.#tokens.indexOf(token);
    if (index !== -1) this.#tokens.splice(index, 1);
    this.#tokens.push(token);
    if (this.#tokens.length > 4) this.#tokens.shift();
  }

  /** `text` with every known token replaced by `***`. */
  scrub(text: string): string {
    let out = text;
    for (const token of this.#tokens) if (out.includes(token)) out = out.split(token).join("***");
    return out;
  }

  /** `value` with every string scrubbed, deeply; returns the same object when nothing matched. */
  scrubDeep<T>(value: T): T {
    if (typeof value === "string") return this.scrub(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.scrubDeep(v)) as T;
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.scrubDeep(v)])) as T;
    }
    return value;
  }
}

/** The `Authorization` value for the next request: constant for a token, resolved per request from a token function. */
export type Authorization = () => string | Promise<string>;

/** `Bearer <token>` from a token or a token function, remembering every token in `secrets`. */
export function bearer(source: TokenSource, secrets: Secrets): Authorization {
  if (typeof source === "string") {
    secrets.add(source);
    const header = `Bearer ${source}`;
    return () => header;
  }
  return async () => {
    const token = await source();
    if (typeof token !== "string") throw new InvalidRequestError("token", "expected the token function to return a string");
    assertTokenShape(token);
    secrets.add(token);
    return `Bearer ${token}`;
  };
}

/** Middleware setting `Authorization` on every `raw` request. */
export function authMiddleware(authorization: Authorization): Middleware {
  return {
    onRequest({ request }) {
      const value = authorization();
      if (typeof value === "string") {
        request.headers.set("Authorization", value);
        return request;
      }
      return value.then((header) => {
        request.headers.set("Authorization", header);
        return request;
      });
    },
  };
}
