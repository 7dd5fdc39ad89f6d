// The benchmark's upstream: a node:http server in its own process, answering at once, so the
// benchmark process's CPU time is the client's alone. Prints its URL on stdout.
import { createServer } from "node:http";

const application = JSON.stringify({
  applicationId: "550e8400-e29b-41d4-a716-446655440000",
  status: "DRAFT",
  sections: [
    { sectionName: "basicBusinessInfo", status: "incomplete" },
    { sectionName: "beneficial_owners", status: "not_started" },
  ],
  pendingRfis: [],
});
const submitted = JSON.stringify({ applicationId: "550e8400-e29b-41d4-a716-446655440000", status: "SUBMITTED" });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = req.method === "POST" ? submitted : application;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": "bench" });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});
process.on("disconnect", () => process.exit(0));
