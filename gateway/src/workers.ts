/**
 * `XINYI_GATEWAY_WORKERS` > 1 (serve-gateway.ts): the gateway as N worker processes under node:cluster on one port,
 * and a primary that serves no request. What must hold across the workers goes through the
 * primary over IPC:
 *
 * - rate limits, the cost budget, the lookup budget and the service-signature replay guard are
 *   kept only in the primary (shared-state.ts); a worker's questions of one event-loop turn go as
 *   one message;
 * - a circuit that opens or closes in one worker is broadcast to the others (and told to a worker
 *   that starts later);
 * - `/metrics` on any worker answers every worker's metrics, aggregated by the primary
 *   (prom-client's AggregatorRegistry: counters and histograms summed, circuit states the worst);
 * - audit entries need nothing: each worker group-commits to the same store.
 *
 * The primary restarts a worker that dies (backing off when one dies young) and on SIGINT/SIGTERM
 * stops them all (each drains its requests in flight) and exits.
 */
import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import { localState, type GatewayState, type WindowName } from "./shared-state.js";

/** What a worker shares with the others, through the primary. */
export interface WorkerLink {
  state: GatewayState;
  /** Tells the other workers that a department's circuit opened (since `openedAt`) or closed. */
  shareCircuit(department: string, open: boolean, openedAt: number): void;
  /** Hears the other workers' circuit changes. */
  onCircuit(listener: (department: string, open: boolean, openedAt: number) => void): void;
  /** Offers this worker's metrics to the primary's aggregation; returns what reads every worker's. */
  shareMetrics(registry: Registry): () => Promise<string>;
}

type Ask =
  | { id: number; op: "hit"; windows: WindowName; key: string; amount: number; limit: number; now: number }
  | { id: number; op: "nonce"; nonce: string; now: number };
type Circuit = { xinyi: "circuit"; department: string; open: boolean; openedAt: number };
type Message =
  | { xinyi: "ask"; asks: Ask[] }
  | { xinyi: "answers"; answers: [id: number, value: number | boolean | null][] }
  | Circuit
  | { xinyi: "metrics"; id: number; text?: string; error?: string };

const isMessage = (m: unknown): m is Message => typeof (m as Partial<Message> | null)?.xinyi === "string";

/** In a worker: the link to the primary. When the primary is gone, pending questions fail and the worker shuts down. */
export function linkToPrimary(): WorkerLink {
  const send = (message: Message) => process.send?.(message);
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  let queue: Ask[] = [];
  let connected = true;
  const flush = () => {
    const asks = queue;
    queue = [];
    send({ xinyi: "ask", asks });
  };
  const ask = <T>(question: Omit<Extract<Ask, { op: "hit" }>, "id"> | Omit<Extract<Ask, { op: "nonce" }>, "id">): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!connected) return reject(new Error("the gateway's primary process is gone"));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: never) => void, reject });
      if (queue.length === 0) setImmediate(flush);
      queue.push({ ...question, id } as Ask);
    });
  const circuitListeners: ((department: string, open: boolean, openedAt: number) => void)[] = [];
  process.on("message", (message: unknown) => {
    if (!isMessage(message)) return; // prom-client's own requests have a `type`
    if (message.xinyi === "answers") {
      for (const [id, value] of message.answers) {
        pending.get(id)?.resolve((value ?? undefined) as never);
        pending.delete(id);
      }
    } else if (message.xinyi === "circuit") {
      for (const listener of circuitListeners) listener(message.department, message.open, message.openedAt);
    } else if (message.xinyi === "metrics") {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.text as never);
    }
  });
  process.once("disconnect", () => {
    connected = false;
    for (const { reject } of pending.values()) reject(new Error("the gateway's primary process is gone"));
    pending.clear();
    process.kill(process.pid, "SIGTERM");
  });
  return {
    state: {
      hit: (windows, key, amount, limit, now) => ask({ op: "hit", windows, key, amount, limit, now }),
      acceptNonce: (nonce, now) => ask({ op: "nonce", nonce, now }),
    },
    shareCircuit: (department, open, openedAt) => void send({ xinyi: "circuit", department, open, openedAt }),
    onCircuit: (listener) => void circuitListeners.push(listener),
    shareMetrics(registry) {
      AggregatorRegistry.setRegistries([registry]);
      new AggregatorRegistry(); // installs prom-client's answer to the primary's requests
      return () =>
        new Promise<string>((resolve, reject) => {
          if (!connected) return reject(new Error("the gateway's primary process is gone"));
          const id = nextId++;
          pending.set(id, { resolve: resolve as (value: never) => void, reject });
          send({ xinyi: "metrics", id });
        });
    },
  };
}

export interface PrimaryOptions {
  /** Workers to keep running. */
  workers: number;
  /** The gateway's name in log lines. */
  label: string;
  /** Where they listen, for the log line. */
  address: string;
  /** How long a worker may take to stop before it is killed. @default 15000 */
  stopTimeoutMs?: number;
}

/** In the primary: forks the workers one at a time (each migrates the audit store), then keeps them and their shared state. */
export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const state = localState();
  const aggregator = new AggregatorRegistry();
  const circuits = new Map<string, Circuit>();
  let stopping = false;
  const answer = (worker: Worker, message: Message) => {
    if (message.xinyi === "ask") {
      const answers = message.asks.map((a): [number, number | boolean | null] => [
        a.id,
        ((a.op === "hit" ? state.hit(a.windows, a.key, a.amount, a.limit, a.now) : state.acceptNonce(a.nonce, a.now)) as number | boolean | undefined) ?? null,
      ]);
      worker.send({ xinyi: "answers", answers } satisfies Message);
    } else if (message.xinyi === "circuit") {
      circuits.set(message.department, message);
      for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker && other.isConnected()) other.send(message);
    } else if (message.xinyi === "metrics") {
      aggregator.clusterMetrics().then(
        (text) => worker.isConnected() && worker.send({ xinyi: "metrics", id: message.id, text } satisfies Message),
        (error: Error) => worker.isConnected() && worker.send({ xinyi: "metrics", id: message.id, error: error.message } satisfies Message),
      );
    }
  };
  cluster.on("message", (worker, message: unknown) => void (isMessage(message) && answer(worker, message)));

  const started = new WeakMap<Worker, number>();
  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork();
      started.set(worker, Date.now());
      const early = (code: number | null, signal: string | null) => reject(new Error(`gateway worker exited (${signal ?? code}) before listening`));
      worker.once("exit", early);
      worker.once("listening", () => {
        worker.off("exit", early);
        for (const circuit of circuits.values()) worker.send(circuit);
        resolve(worker);
      });
    });
  for (let i = 0; i < options.workers; i++) await fork();
  const pids = Object.values(cluster.workers ?? {}).map((w) => w?.process.pid);
  process.stdout.write(`${options.label}: listening on ${options.address} (pid ${process.pid})\n`);
  process.stdout.write(`${options.label}: ${options.workers} workers (pids ${pids.join(", ")})\n`);

  // A worker that dies is replaced; one that dies within a minute of starting, after a longer wait each time.
  let backoffMs = 250;
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    backoffMs = Date.now() - (started.get(worker) ?? 0) < 60_000 ? Math.min(backoffMs * 2, 30_000) : 500;
    process.stderr.write(`${options.label}: worker (pid ${worker.process.pid}) exited (${signal ?? code}); starting another in ${backoffMs} ms\n`);
    // A replacement that dies before listening comes back here as an exit of its own.
    setTimeout(() => void (stopping || fork().catch(() => {})), backoffMs);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${options.label}: ${signal}, stopping the workers\n`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    let failed = false;
    let running = workers.length;
    if (running === 0) process.exit(0);
    setTimeout(() => {
      process.stderr.write(`${options.label}: workers did not stop in time; killing them\n`);
      for (const worker of workers) worker.process.kill("SIGKILL");
      process.exit(1);
    }, options.stopTimeoutMs ?? 15_000).unref();
    cluster.on("exit", (_worker, code) => {
      failed ||= code !== 0;
      if (--running === 0) {
        process.stdout.write(`${options.label}: closed\n`);
        process.exit(failed ? 1 : 0);
      }
    });
    for (const worker of workers) worker.process.kill("SIGTERM");
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}
