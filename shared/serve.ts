/** Listening and graceful shutdown for the project's processes (index.ts files only). */
import type { FastifyInstance } from "fastify";

/** Listens on host:port, logs where, and closes the app on SIGINT/SIGTERM. */
export async function serveUntilSignal(app: FastifyInstance, label: string, host: string, port: number): Promise<void> {
  const close = async (signal: string) => {
    process.stdout.write(`${label}: ${signal}, closing\n`);
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void close("SIGINT"));
  process.once("SIGTERM", () => void close("SIGTERM"));
  const address = await app.listen({ host, port });
  process.stdout.write(`${label}: listening on ${address}\n`);
}

/** Runs an async main, printing a failure (a ConfigError lists every problem) and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
