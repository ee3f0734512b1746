/**
 * Demo secrets for `npm start` and the scripts: the gateway's HMAC secret and the HS256 token key,
 * created once under data/ (mode 600) unless the environment provides them.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { resolveDataDir } from "../shared/config.js";

/** A 32-byte secret kept in `file` under the data folder (hex, mode 600), made on first use. */
export function loadOrCreate(dataDir: string, file: string): string {
  const full = path.join(dataDir, file);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(full)) fs.writeFileSync(full, randomBytes(32).toString("hex"), { mode: 0o600 });
  return fs.readFileSync(full, "utf8").trim();
}

/** The environment with demo secrets filled in where unset (created under the data folder). */
export function withDemoSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dataDir = resolveDataDir(env);
  const usesKeyFiles = Boolean(env.XINYI_JWT_PUBLIC_KEY_FILE || env.XINYI_JWKS_FILE);
  return {
    ...env,
    XINYI_DATA_DIR: dataDir,
    XINYI_GATEWAY_SECRET: env.XINYI_GATEWAY_SECRET || loadOrCreate(dataDir, "gateway-secret"),
    XINYI_JWT_SECRET: env.XINYI_JWT_SECRET || (usesKeyFiles ? "" : loadOrCreate(dataDir, "jwt-secret")),
  };
}

/** The ready tokens `npm start` prints: one per kind of user. */
export const DEMO_USERS = [
  { label: "analyst (市信用办)", sub: "demo-analyst", scopes: ["profile:read", "pii:read"] },
  { label: "tax frontend (市税务局)", sub: "demo-tax-frontend", scopes: ["dept:tax"] },
  // A partner's token names the offers it runs (claim `offers`): here the bus company's 信易行 coupon.
  {
    label: "partner (bus company, offer xing-bus-coupon)",
    sub: "demo-partner",
    scopes: ["eligibility:check", "incentive:redeem"],
    offers: ["xing-bus-coupon"],
  },
  { label: "个人诚信码 channel (浙里办)", sub: "demo-code-channel", scopes: ["code:register"] },
  { label: "dashboard", sub: "demo-dashboard", scopes: ["metrics:read"] },
  { label: "auditor", sub: "demo-auditor", scopes: ["audit:read"] },
] as const;
