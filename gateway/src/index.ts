/** The gateway process: load config, build, listen. */
import { loadConfig } from "../../shared/config.js";
import { runMain, serveUntilSignal } from "../../shared/serve.js";
import { buildGateway } from "./app.js";

runMain(async () => {
  const config = loadConfig();
  await serveUntilSignal(await buildGateway(config), "gateway", config.host, config.gatewayPort);
});
