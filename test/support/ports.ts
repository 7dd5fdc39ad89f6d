// Loopback ports for tests: one nothing listens on (a refused connection, or a server's port to
// give), and one held by a listener (a port in use).
import { createServer, type Server } from "node:net";

async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** A loopback port that was free a moment ago: nothing listens on it now. */
export async function freePort(): Promise<number> {
  const { server, port } = await listening();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A loopback port a listener of this process holds until `release()`. */
export async function heldPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const { server, port } = await listening();
  return { port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
