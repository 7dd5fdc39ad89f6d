// The webhook code ships from the package root to browsers and edge runtimes: no Node APIs in it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = join(import.meta.dirname, "../../src/webhooks");
const files = readdirSync(dir).filter((name) => name.endsWith(".ts"));

describe("src/webhooks", () => {
  it.each(files)("%s uses no Node modules or globals", (name) => {
    const code = readFileSync(join(dir, name), "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "");
    expect(code).not.toMatch(/from\s+["']node:|require\(|import\(\s*["']node:/);
    expect(code).not.toMatch(/\b(Buffer|process|__dirname|setImmediate)\b/);
    expect(code).not.toMatch(/from\s+["'](crypto|fs|path|url|http|https|buffer)["']/);
  });

  it("imports only relative modules", () => {
    for (const name of files) {
      const code = readFileSync(join(dir, name), "utf8");
      for (const [, specifier] of code.matchAll(/from\s+["']([^"']+)["']/g)) expect(specifier).toMatch(/^\.\.?\//);
    }
  });
});
