/** Listening and graceful shutdown for the project's processes (index.ts files only). */
import type { FastifyInstance } from "fastify";
import { ErrorCodes, errorBody, KERNEL_ERRORS } from "./errors.js";

export interface ServeOptions {
  /** Longest wait for in-flight requests on shutdown, in ms. @default 10000 */
  shutdownTimeoutMs?: number;
}

interface Draining {
  closing: boolean;
  inFlight: Set<object>;
}
const draining = new WeakMap<FastifyInstance, Draining>();

/**
 * Tracks the requests in flight, so a shutdown can wait for them; once closing, new requests get
 * 503 SHUTTING_DOWN and every response `connection: close`. Call right after creating the app,
 * before any route (Fastify applies hooks to the routes declared after them).
 */
export function installGracefulShutdown(app: FastifyInstance, label: string): void {
  const state: Draining = { closing: false, inFlight: new Set() };
  draining.set(app, state);
  app.addHook("onRequest", async (request, reply) => {
    if (!state.closing) {
      state.inFlight.add(request);
      return;
    }
    reply.header("connection", "close");
    return reply.code(KERNEL_ERRORS.SHUTTING_DOWN.status).send(errorBody(ErrorCodes.SHUTTING_DOWN, `${label} is shutting down; retry shortly`));
  });
  app.addHook("onSend", async (_request, reply) => {
    if (state.closing) reply.header("connection", "close");
  });
  const done = async (request: object) => void state.inFlight.delete(request);
  app.addHook("onResponse", done);
  app.addHook("onRequestAbort", done);
}

/**
 * Listens on host:port and logs where (with the pid, for operators and the chaos test). On
 * SIGINT/SIGTERM it stops accepting, waits for the requests in flight to finish (at most
 * `shutdownTimeoutMs`; see {@link installGracefulShutdown}), closes the idle keep-alive
 * connections, runs the app's onClose hooks (the audit writer drains, databases close) and exits
 * 0; past the bound it exits 1.
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
    const state = draining.get(app);
    if (state) {
      state.closing = true;
      while (state.inFlight.size > 0) await new Promise((r) => setTimeout(r, 20));
    }
    app.server.closeIdleConnections();
    await app.close();
    process.stdout.write(`${label}: closed\n`);
    process.exit(0);
  };
  // Ours alone: the gateway runtime (graphql-yoga, `disposeOnProcessTerminate` hard-wired) disposes
  // itself on these signals at once, aborting the requests in flight; the app's onClose disposes it
  // after they finish.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void close(signal));
  }
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
