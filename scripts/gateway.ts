/**
 * `npm run gateway -- [--supergraph <file>] [--no-auth]`: the gateway alone, with our runtime
 * configuration (limits, audit, masking, timeouts, circuit breakers, metrics). Without options it
 * serves the committed supergraph over the configured departments, as `npm start` does. With
 * `--supergraph` it serves any supergraph over the subgraph URLs that supergraph names, so the
 * gateway can be checked against public federation test suites; `--no-auth` leaves out
 * authentication and field authorization there (every other plugin stays).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../shared/config.js";
import { runMain, serveUntilSignal } from "../shared/serve.js";
import { withDemoSecrets } from "./demo-keys.js";
import { buildStandaloneGateway } from "./gateway/standalone.js";

runMain(async () => {
  const { values } = parseArgs({ options: { supergraph: { type: "string" }, "no-auth": { type: "boolean", default: false } } });
  const config = loadConfig(withDemoSecrets(process.env));
  const app = await buildStandaloneGateway(config, { supergraphFile: values.supergraph, noAuth: values["no-auth"] });
  await serveUntilSignal(app, "gateway", config.host, config.gatewayPort);
});
