/** Serving the gateway: as one process, or as the primary of its workers and each worker (workers.ts). */
import cluster from "node:cluster";
import type { Config } from "../../shared/config.js";
import { serveUntilSignal } from "../../shared/serve.js";
import { buildGateway } from "./app.js";
import { linkToPrimary, runPrimary } from "./workers.js";

/**
 * Serves the gateway on `port`: in this process, or — with `config.gatewayWorkers` > 1 — in that
 * many workers, this process their primary. `label` names it in the log lines.
 */
export async function serveGateway(config: Config, label: string, host: string, port: number): Promise<void> {
  if (config.gatewayWorkers === 1) return serveUntilSignal(await buildGateway(config), label, host, port);
  if (cluster.isPrimary) return runPrimary({ workers: config.gatewayWorkers, label, address: `http://${host}:${port}` });
  await serveUntilSignal(await buildGateway(config, { workers: linkToPrimary() }), `${label} worker ${cluster.worker?.id}`, host, port);
}
