/**
 * The small supervisor `npm start` runs: each subgraph and the gateway in its own process; one
 * that exits unexpectedly is restarted with exponential backoff (and says so) while the others
 * keep serving; only `stopAll` (Ctrl-C or SIGTERM to the launcher) stops everything, waiting for
 * each process's graceful shutdown and killing what outlives the bound.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface ProcessSpec {
  label: string;
  /** The script to run with node, and its arguments. */
  script: string;
  args?: string[];
  /** Options for node itself, e.g. `--cpu-prof` (the benchmark's BENCH_PROFILE). */
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  /** Answers 200 once the process serves. */
  healthUrl: string;
  /** Headers for that request. */
  healthHeaders?: Record<string, string>;
}

export interface SupervisorOptions {
  /** First restart delay, doubled after each quick crash. @default 500 */
  initialBackoffMs?: number;
  /** @default 30000 */
  maxBackoffMs?: number;
  /** A process that ran this long before exiting restarts at the initial delay again. @default 60000 */
  stableMs?: number;
  /** Longest wait for a graceful stop before SIGKILL. @default 12000 */
  stopTimeoutMs?: number;
  /** Where the processes' output and the supervisor's own lines go. */
  write?: (line: string) => void;
}

interface Running {
  spec: ProcessSpec;
  child: ChildProcess;
  startedAt: number;
  backoffMs: number;
  restartTimer?: NodeJS.Timeout;
}

async function waitForHealth(spec: ProcessSpec, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${spec.label} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      if ((await fetch(spec.healthUrl, { headers: spec.healthHeaders, signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${spec.label} did not answer ${spec.healthUrl} within ${timeoutMs / 1000} s`);
}

export function createSupervisor(options: SupervisorOptions = {}) {
  const initial = options.initialBackoffMs ?? 500;
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const running = new Map<string, Running>();
  let stopping = false;

  const spawnProcess = (spec: ProcessSpec): ChildProcess => {
    const child = spawn(process.execPath, ["--enable-source-maps", ...(spec.nodeArgs ?? []), spec.script, ...(spec.args ?? [])], {
      env: spec.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      let rest = "";
      stream.on("data", (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) write(`[${spec.label}] ${line}\n`);
      });
    }
    return child;
  };

  const watch = (entry: Running) => {
    entry.child.once("exit", (code, signal) => {
      if (stopping || running.get(entry.spec.label) !== entry) return;
      const ranMs = Date.now() - entry.startedAt;
      const delay = ranMs >= (options.stableMs ?? 60_000) ? initial : entry.backoffMs;
      write(`supervisor: ${entry.spec.label} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms\n`);
      entry.restartTimer = setTimeout(() => {
        if (stopping) return;
        const next: Running = {
          spec: entry.spec,
          child: spawnProcess(entry.spec),
          startedAt: Date.now(),
          backoffMs: Math.min(delay * 2, options.maxBackoffMs ?? 30_000),
        };
        running.set(entry.spec.label, next);
        watch(next);
        waitForHealth(entry.spec, next.child).then(
          () => write(`supervisor: ${entry.spec.label} is back (pid ${next.child.pid})\n`),
          () => undefined, // its exit is handled by watch
        );
      }, delay);
    });
  };

  return {
    /** Starts a process and waits until it serves. */
    async start(spec: ProcessSpec): Promise<void> {
      const entry: Running = { spec, child: spawnProcess(spec), startedAt: Date.now(), backoffMs: initial };
      running.set(spec.label, entry);
      await waitForHealth(spec, entry.child);
      watch(entry);
    },
    /** Stops every process: SIGTERM, then SIGKILL past the bound. */
    async stopAll(): Promise<void> {
      stopping = true;
      const entries = [...running.values()];
      for (const e of entries) clearTimeout(e.restartTimer);
      await Promise.all(
        entries.map(async ({ child }) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), options.stopTimeoutMs ?? 12_000);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
    /** The pid of a label's current process (tests, operators). */
    pidOf(label: string): number | undefined {
      return running.get(label)?.child.pid;
    },
  };
}
