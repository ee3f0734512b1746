/**
 * The gateway process: load config, build, listen. With `XINYI_GATEWAY_WORKERS` > 1 this process
 * is the primary of that many workers on one port (workers.ts), each a whole gateway.
 */
import cluster from "node:cluster";
import { loadConfig } from "../../shared/config.js";
import { runMain, serveUntilSignal } from "../../shared/serve.js";
import { buildGateway } from "./app.js";
import { linkToPrimary, runPrimary } from "./workers.js";

runMain(async () => {
  const config = loadConfig();
  if (config.gatewayWorkers === 1) return serveUntilSignal(await buildGateway(config), "gateway", config.host, config.gatewayPort);
  if (cluster.isPrimary) return runPrimary({ workers: config.gatewayWorkers, address: `http://${config.host}:${config.gatewayPort}` });
  const app = await buildGateway(config, { workers: linkToPrimary() });
  await serveUntilSignal(app, `gateway worker ${cluster.worker?.id}`, config.host, config.gatewayPort);
});
