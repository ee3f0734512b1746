/** Listening and graceful shutdown for the project's processes (index.ts files only). */
import type { FastifyInstance } from "fastify";

export interface ServeOptions {
  /** Longest wait for in-flight requests on shutdown, in ms. @default 10000 */
  shutdownTimeoutMs?: number;
}

/**
 * Listens on host:port and logs where (with the pid, for operators and the chaos test). On
 * SIGINT/SIGTERM it stops accepting, lets in-flight requests finish (at most `shutdownTimeoutMs`),
 * runs the app's onClose hooks (the audit writer drains, databases close) and exits 0; past the
 * bound it exits 1.
 */
export async function serveUntilSignal(app: FastifyInstance, label: string, host: string, port: number, options: ServeOptions = {}): Promise<void> {
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${label}: ${signal}, closing\n`);
    setTimeout(() => {
      process.stderr.write(`${label}: in-flight requests did not finish in time; exiting\n`);
      process.exit(1);
    }, options.shutdownTimeoutMs ?? 10_000).unref();
    await app.close();
    process.stdout.write(`${label}: closed\n`);
    process.exit(0);
  };
  process.on("SIGINT", () => void close("SIGINT"));
  process.on("SIGTERM", () => void close("SIGTERM"));
  const address = await app.listen({ host, port });
  process.stdout.write(`${label}: listening on ${address} (pid ${process.pid})\n`);
}

/** Runs an async main, printing a failure (a ConfigError lists every problem) and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
