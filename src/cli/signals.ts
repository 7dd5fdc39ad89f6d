// The signals that ask a long-running command to stop: Ctrl-C (SIGINT) and a service manager's
// SIGTERM. What a command does on them differs (stop at once, or finish first and quit on the
// second); listening to both, and no longer, is the same everywhere.

const stopSignals = ["SIGINT", "SIGTERM"] as const;

/** Calls `handler` on every SIGINT and SIGTERM of the process until the returned function is called. */
export function onStopSignal(handler: (signal: NodeJS.Signals) => void): () => void {
  for (const signal of stopSignals) process.on(signal, handler);
  return () => {
    for (const signal of stopSignals) process.off(signal, handler);
  };
}

/** Resolves with the name of the process's next SIGINT or SIGTERM, and stops listening for either. */
export function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const off = onStopSignal((signal) => {
      off();
      resolve(signal);
    });
  });
}
