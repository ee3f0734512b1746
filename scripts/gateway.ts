/**
 * `npm run gateway -- [--supergraph <file>] [--no-auth]`: the gateway alone, with our runtime
 * configuration (limits, audit, masking, timeouts, circuit breakers, metrics). Without options it
 * serves the committed supergraph over the configured departments, as `npm start` does. With
 * `--supergraph` it serves any supergraph over the subgraph URLs that supergraph names, so the
 * gateway can be checked against public federation test suites; `--no-auth` leaves out
 * authentication and field authorization there (every other plugin stays).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { buildGateway } from "../gateway/src/app.js";
import { loadConfig } from "../shared/config.js";
import { runMain, serveUntilSignal } from "../shared/serve.js";
import { withDemoSecrets } from "./demo-keys.js";

runMain(async () => {
  const { values } = parseArgs({ options: { supergraph: { type: "string" }, "no-auth": { type: "boolean", default: false } } });
  if (values["no-auth"] && !values.supergraph) throw new Error("--no-auth is for a supergraph of your own: add --supergraph <file>");
  if (values["no-auth"] && process.env.NODE_ENV === "production") throw new Error("--no-auth is for test suites, never with NODE_ENV=production");
  const loaded = loadConfig(withDemoSecrets(process.env));
  const supergraph = values.supergraph === undefined ? undefined : fs.readFileSync(values.supergraph, "utf8");
  // Requests to another supergraph's subgraphs are signed with a throwaway secret: a file naming a
  // graph as one of our departments must not receive signatures our departments would accept.
  const config = supergraph ? { ...loaded, gatewaySecret: randomBytes(32).toString("hex") } : loaded;
  const app = await buildGateway(config, { supergraph, subgraphs: supergraph ? "supergraph" : "departments", auth: !values["no-auth"] });
  await serveUntilSignal(app, "gateway", config.host, config.gatewayPort);
});
