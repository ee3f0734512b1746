/**
 * `XINYI_GATEWAY_WORKERS` > 1 (serve-gateway.ts): the gateway as N worker processes under
 * node:cluster on one port, and a primary that serves no request. What must hold across the
 * workers goes through the primary over IPC:
 *
 * - rate limits, the cost budget, the lookup budget and the service-signature replay guard are
 *   kept only in the primary (shared-state.ts); a worker's questions of one event-loop turn go as
 *   one message;
 * - a circuit that opens or closes in one worker is told to every worker in the order the primary
 *   hears of it (and to a worker that starts later), so they agree;
 * - `/metrics` on any worker answers every listening worker's metrics, each series labelled with
 *   its `worker` (a restarted worker's counters start a series of their own: `sum()` them);
 * - audit entries need nothing: each worker group-commits to the same store.
 *
 * The primary restarts a worker that dies (backing off when one dies young) and on SIGINT/SIGTERM
 * stops them all (each drains its requests in flight) and exits. A worker exits with its primary
 * (node:cluster's own rule), as a single gateway process would.
 */
import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import { type GatewayState, type LocalState, localState, type WindowName } from "./shared-state.js";

/** What a worker shares with the others, through the primary. */
export interface WorkerLink {
  /** This worker's cluster id, the `worker` label of its metrics. */
  id: string;
  state: GatewayState;
  /** Tells the other workers that a department's circuit opened (since `openedAt`) or closed. */
  shareCircuit(department: string, open: boolean, openedAt: number): void;
  /** Hears the other workers' circuit changes. */
  onCircuit(listener: (department: string, open: boolean, openedAt: number) => void): void;
  /** Offers this worker's metrics to the primary; returns what reads every worker's. */
  shareMetrics(registry: Registry): () => Promise<string>;
}

type Ask =
  | { id: number; op: "hit"; windows: WindowName; key: string; amount: number; limit: number; now: number }
  | { id: number; op: "ids"; key: string; ids: string[]; limit: number; now: number }
  | { id: number; op: "nonce"; nonce: string; now: number };
type Circuit = { xinyi: "circuit"; department: string; open: boolean; openedAt: number };
type MetricsJson = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;
type Message =
  | { xinyi: "ask"; asks: Ask[] }
  | { xinyi: "answers"; answers: [id: number, value: number | boolean | null][] }
  | Circuit
  // A worker asks the primary for every worker's metrics; the primary collects each one's.
  | { xinyi: "metrics"; id: number; text?: string; error?: string }
  | { xinyi: "collect"; id: number }
  | { xinyi: "collected"; id: number; metrics: MetricsJson };

const isMessage = (m: unknown): m is Message => typeof m === "object" && m !== null && "xinyi" in m && typeof m.xinyi === "string";

/** In a worker: the link to the primary. */
export function linkToPrimary(): WorkerLink {
  const send = (message: Message) => process.send?.(message);
  let nextId = 0;
  // The primary's answers to asks (a count of seconds, a verdict, or none), and to metrics reads.
  const asked = new Map<number, (value: number | boolean | undefined) => void>();
  const reading = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  let queue: Ask[] = [];
  const flush = () => {
    const asks = queue;
    queue = [];
    send({ xinyi: "ask", asks });
  };
  const ask = (question: (id: number) => Ask): Promise<number | boolean | undefined> => {
    const id = nextId++;
    if (queue.length === 0) setImmediate(flush);
    queue.push(question(id));
    return new Promise((resolve) => void asked.set(id, resolve));
  };
  const seconds = (answer: number | boolean | undefined) => (typeof answer === "number" ? answer : undefined);
  const circuitListeners: ((department: string, open: boolean, openedAt: number) => void)[] = [];
  let registry: Registry | undefined;
  process.on("message", (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.xinyi === "answers") {
      for (const [id, value] of message.answers) {
        asked.get(id)?.(value ?? undefined);
        asked.delete(id);
      }
    } else if (message.xinyi === "circuit") {
      for (const listener of circuitListeners) listener(message.department, message.open, message.openedAt);
    } else if (message.xinyi === "collect") {
      void registry?.getMetricsAsJSON().then((metrics) => send({ xinyi: "collected", id: message.id, metrics }));
    } else if (message.xinyi === "metrics") {
      const waiting = reading.get(message.id);
      reading.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.text ?? "");
    }
  });
  return {
    id: String(cluster.worker?.id ?? process.pid),
    state: {
      hit: (windows, key, amount, limit, now) => ask((id) => ({ id, op: "hit", windows, key, amount, limit, now })).then(seconds),
      namePersonIds: (key, ids, limit, now) => ask((id) => ({ id, op: "ids", key, ids: [...ids], limit, now })).then(seconds),
      acceptNonce: (nonce, now) => ask((id) => ({ id, op: "nonce", nonce, now })).then((answer) => answer === true),
    },
    shareCircuit: (department, open, openedAt) => void send({ xinyi: "circuit", department, open, openedAt }),
    onCircuit: (listener) => void circuitListeners.push(listener),
    shareMetrics(own) {
      registry = own;
      return () => {
        const id = nextId++;
        send({ xinyi: "metrics", id });
        return new Promise<string>((resolve, reject) => void reading.set(id, { resolve, reject }));
      };
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

/** Every listening worker's metrics, each series labelled with its worker (those that do not answer within 2 s are left out). */
function workerMetrics(listening: ReadonlySet<Worker>) {
  let nextCollect = 0;
  const collecting = new Map<string, (metrics: MetricsJson | undefined) => void>();
  const collect = async (): Promise<string> => {
    const id = nextCollect++;
    const gathered = await Promise.all(
      [...listening].map(
        (worker) =>
          new Promise<MetricsJson | undefined>((resolve) => {
            const key = `${worker.id}:${id}`;
            const timer = setTimeout(() => collecting.get(key)?.(undefined), 2000);
            collecting.set(key, (metrics) => {
              clearTimeout(timer);
              collecting.delete(key);
              resolve(metrics);
            });
            worker.send({ xinyi: "collect", id } satisfies Message);
          }),
      ),
    );
    return AggregatorRegistry.aggregate(gathered.filter((m): m is MetricsJson => m !== undefined)).metrics();
  };
  return {
    collect,
    /** A worker's answer to `collect`. */
    collected: (worker: Worker, id: number, metrics: MetricsJson) => collecting.get(`${worker.id}:${id}`)?.(metrics),
  };
}

/** The primary's answer to a worker's question about the shared state. */
function answerAsk(state: LocalState, a: Ask): [id: number, value: number | boolean | null] {
  if (a.op === "hit") return [a.id, state.hit(a.windows, a.key, a.amount, a.limit, a.now) ?? null];
  if (a.op === "ids") return [a.id, state.namePersonIds(a.key, a.ids, a.limit, a.now) ?? null];
  return [a.id, state.acceptNonce(a.nonce, a.now)];
}

/** Stops every worker (SIGTERM), then the primary: killed after `stopTimeoutMs`; exit 1 if one failed. */
function stopWorkers(options: PrimaryOptions): void {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  let failed = false;
  let running = workers.length;
  if (running === 0) process.exit(0);
  setTimeout(() => {
    process.stderr.write(`${options.label}: workers did not stop in time; killing them\n`);
    for (const worker of workers) worker.process.kill("SIGKILL");
    process.exit(1);
  }, options.stopTimeoutMs ?? 15_000).unref();
  cluster.on("exit", (_worker, code, exitSignal) => {
    // A worker still starting has no handler yet: SIGTERM ends it at once, with nothing in flight.
    failed ||= code !== 0 && exitSignal !== "SIGTERM";
    if (--running === 0) {
      process.stdout.write(`${options.label}: closed\n`);
      process.exit(failed ? 1 : 0);
    }
  });
  for (const worker of workers) worker.process.kill("SIGTERM");
}

/** In the primary: forks the workers one at a time (each migrates the audit store), then keeps them and their shared state. */
export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const state = localState();
  const circuits = new Map<string, Circuit>();
  const listening = new Set<Worker>();
  let stopping = false;
  const say = (line: string) => void process.stdout.write(`${options.label}: ${line}\n`);
  // A worker that died with a message on its way makes the answer fail (EPIPE): its exit is handled below.
  cluster.on("fork", (worker) => worker.on("error", (error: Error) => say(`worker (pid ${worker.process.pid}): ${error.message}`)));

  const metrics = workerMetrics(listening);

  const answer = (worker: Worker, message: Message) => {
    if (message.xinyi === "ask") {
      worker.send({ xinyi: "answers", answers: message.asks.map((a) => answerAsk(state, a)) } satisfies Message);
    } else if (message.xinyi === "circuit") {
      // To every worker, the sender too: all end in the order the primary heard the changes.
      circuits.set(message.department, message);
      for (const other of listening) other.send(message);
    } else if (message.xinyi === "collected") {
      metrics.collected(worker, message.id, message.metrics);
    } else if (message.xinyi === "metrics") {
      metrics.collect().then(
        (text) => worker.send({ xinyi: "metrics", id: message.id, text } satisfies Message),
        (error: Error) => worker.send({ xinyi: "metrics", id: message.id, error: error.message } satisfies Message),
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
        listening.add(worker);
        resolve(worker);
      });
    });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}, stopping the workers`);
    stopWorkers(options);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  for (let i = 0; i < options.workers && !stopping; i++) {
    await fork().catch((error: Error) => {
      if (!stopping) throw error;
    });
  }
  if (stopping) return;
  const pids = [...listening].map((w) => w.process.pid);
  say(`listening on ${options.address} (pid ${process.pid})`);
  say(`${options.workers} workers (pids ${pids.join(", ")})`);

  // A worker that dies is replaced; one that dies within a minute of starting, after a longer wait each time.
  let backoffMs = 250;
  cluster.on("exit", (worker, code, signal) => {
    listening.delete(worker);
    if (stopping) return;
    backoffMs = Date.now() - (started.get(worker) ?? 0) < 60_000 ? Math.min(backoffMs * 2, 30_000) : 500;
    process.stderr.write(`${options.label}: worker (pid ${worker.process.pid}) exited (${signal ?? code}); starting another in ${backoffMs} ms\n`);
    // A replacement that dies before listening comes back here as an exit of its own.
    setTimeout(() => void (stopping || fork().catch(() => {})), backoffMs);
  });
}
