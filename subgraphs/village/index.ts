/** The village subgraph process: load config, build, listen. */
import "reflect-metadata";
import { loadConfig } from "../../shared/config.js";
import { runMain, serveUntilSignal } from "../../shared/serve.js";
import { buildApp } from "./app.js";

runMain(async () => {
  const config = loadConfig();
  const app = await buildApp(config);
  await serveUntilSignal(app, "village", config.host, config.departments.village.port);
});
