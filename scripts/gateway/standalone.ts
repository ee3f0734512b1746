/** What `npm run gateway` builds (scripts/gateway.ts): its options checked, then the gateway. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { FastifyInstance } from "fastify";
import { buildGateway } from "../../gateway/src/app.js";
import type { Config } from "../../shared/config.js";

export interface StandaloneOptions {
  /** A supergraph file of your own; unset: the committed one over the configured departments. */
  supergraphFile?: string;
  /** Leave out authentication and field authorization (a supergraph of your own only, never in production). */
  noAuth?: boolean;
}

export async function buildStandaloneGateway(loaded: Readonly<Config>, options: StandaloneOptions): Promise<FastifyInstance> {
  if (options.noAuth && !options.supergraphFile) throw new Error("--no-auth is for a supergraph of your own: add --supergraph <file>");
  if (options.noAuth && loaded.nodeEnv === "production") throw new Error("--no-auth is for test suites, never with NODE_ENV=production");
  const supergraph = options.supergraphFile === undefined ? undefined : fs.readFileSync(options.supergraphFile, "utf8");
  // Requests to another supergraph's subgraphs are signed with a throwaway secret: a file naming a
  // graph as one of our departments must not receive signatures our departments would accept.
  const config = supergraph ? { ...loaded, gatewaySecret: randomBytes(32).toString("hex") } : loaded;
  return buildGateway(config, { supergraph, subgraphs: supergraph ? "supergraph" : "departments", auth: !options.noAuth });
}
