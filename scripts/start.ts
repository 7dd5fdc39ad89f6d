// Interim `npm start`: lists the operations of the OpenAPI document. The onboarding lifecycle on
// the embedded Prism mock replaces this once the client exists.
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { documentUrl } from "./generate-paths.js";

const document = parse(await readFile(documentUrl, "utf8"));
const rows: string[] = [];
for (const [path, item] of Object.entries<Record<string, { operationId: string; summary: string }>>(document.paths)) {
  for (const [method, op] of Object.entries(item)) {
    rows.push(`${method.toUpperCase().padEnd(6)} ${path}\n         ${op.operationId}: ${op.summary}`);
  }
}
console.log(`${document.info.title} (${document.info.version}): ${rows.length} operations\n`);
console.log(rows.join("\n"));
