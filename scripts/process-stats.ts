/** What the soak, the benchmark and the chaos test need to know about processes they start. */
import fs from "node:fs";
import net from "node:net";

/** The TCP port a listening server has (a server on a pipe, or not listening, has none: an error). */
export function portOf(server: net.Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error(`the server is not listening on a TCP port (${address})`);
  return address.port;
}

/** `n` loopback ports free right now (for a process tree of our own). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve) => {
          const server = net.createServer();
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map(portOf);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** A process and its descendants (Linux /proc; a process that has exited is left out). */
export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return [pid, ...children.flatMap(processTree)];
}

/** A process's resident memory now, in MB (Linux /proc). */
export const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

/** CPU time a process has used so far (user + system), in ms (Linux /proc; USER_HZ is 100). */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** The p-th percentile of ascending `sorted` values (0 when empty). */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
