/**
 * The gateway process: load config, build, listen. With `XINYI_GATEWAY_WORKERS` > 1 this process
 * is the primary of that many workers on one port (workers.ts), each a whole gateway.
 */
import { loadConfig } from "../../shared/config.js";
import { runMain } from "../../shared/serve.js";
import { serveGateway } from "./serve-gateway.js";

runMain(async () => {
  const config = loadConfig();
  await serveGateway(config, "gateway", config.host, config.gatewayPort);
});
