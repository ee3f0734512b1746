/**
 * The departments and our gateway, each in its own process as `npm start` runs them, on a fresh
 * folder of seeded subjects, for the small benches (uploads, field costs) and the scripts that measure
 * like them (scale-check, the grade notices bench): here in scripts/ so both may import it (benches sit
 * above scripts: tests/architecture/imports.test.ts). The load comes from the caller's process; `pids`
 * are what to count CPU or memory over.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Config, envName, loadConfig } from "../../shared/config.js";
import { DEPARTMENT_NAMES } from "../../shared/departments.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { DEFAULT_AS_OF } from "../generate/scale.js";
import { seedDepartments } from "../generate/seed-departments.js";
import { freePorts } from "../process-stats.js";
import { createSupervisor } from "../supervisor.js";

export interface Stack {
  config: Config;
  /** The gateway's origin (http://127.0.0.1:<port>). */
  origin: string;
  gatewayPid: number;
  /** Every process of the stack: the departments and the gateway. */
  pids: number[];
  stop(): Promise<void>;
}

/** What every process under a bench runs with: production mode, silent, its folder, the bench's secrets. */
export const benchEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: "production",
  XINYI_LOG_LEVEL: "silent",
  XINYI_DATA_DIR: dataDir,
  XINYI_GATEWAY_SECRET: "bench-gateway-secret-0123456789abcdef0123456789",
  XINYI_JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456789abc",
});

export async function startStack(options: { subjects: number; env?: NodeJS.ProcessEnv }): Promise<Stack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-bench-stack-"));
  const ports = await freePorts(DEPARTMENT_NAMES.length + 1);
  const gatewayPort = ports[DEPARTMENT_NAMES.length];
  const env: NodeJS.ProcessEnv = {
    ...benchEnv(dataDir),
    PORT: String(gatewayPort),
    XINYI_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql`,
    ...options.env,
  };
  DEPARTMENT_NAMES.forEach((name, i) => (env[`XINYI_${envName(name)}_PORT`] = String(ports[i])));
  const config = loadConfig(env);
  await seedDepartments(config, { count: options.subjects, seed: "bench", asOf: DEFAULT_AS_OF, progress: false });
  const supervisor = createSupervisor({ write: () => undefined });
  const dist = path.join(PROJECT_ROOT, "dist");
  const origin = `http://127.0.0.1:${gatewayPort}`;
  try {
    for (const name of DEPARTMENT_NAMES) {
      await supervisor.start({
        label: name,
        script: path.join(dist, `subgraphs/${name}/index.js`),
        env,
        healthUrl: config.departments[name].url.replace(/graphql$/, "healthz"),
      });
    }
    await supervisor.start({ label: "gateway", script: path.join(dist, "gateway/src/index.js"), env, healthUrl: `${origin}/healthz` });
  } catch (error) {
    await supervisor.stopAll();
    throw error;
  }
  return {
    config,
    origin,
    gatewayPid: supervisor.pidOf("gateway")!,
    pids: ["gateway", ...DEPARTMENT_NAMES].map((name) => supervisor.pidOf(name)!),
    async stop() {
      await supervisor.stopAll();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
