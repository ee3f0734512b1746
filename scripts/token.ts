/**
 * `npm run token -- --sub <name> --scopes a,b [--offers x,y] [--subjects id1,id2] [--self <subject id>] [--ttl 1h] [--alg HS256|RS256|ES256]`: mints a bearer
 * token with the configured key (XINYI_JWT_SECRET, data/jwt-secret, or XINYI_JWT_PRIVATE_KEY_FILE).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../shared/config.js";
import { runMain } from "../shared/serve.js";
import { mintToken } from "../gateway/src/jwt.js";
import { parseSubjectId } from "../shared/ids.js";
import { isOneOf } from "../shared/narrow.js";
import { SELF_SCOPES } from "../shared/scopes.js";
import { withDemoSecrets } from "./demo-keys.js";

const ALGORITHMS = ["HS256", "RS256", "ES256"] as const;

/** Seconds in a duration like 90s, 30m, 12h, 7d. */
function parseDuration(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  if (!match) throw new Error(`--ttl must look like 90s, 30m, 12h or 7d, got "${text}"`);
  const unit: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
  return Number(match[1]) * unit[match[2]];
}

runMain(async () => {
  const { values } = parseArgs({
    options: {
      sub: { type: "string" },
      scopes: { type: "string", default: "" },
      offers: { type: "string" },
      subjects: { type: "string" },
      self: { type: "string" },
      ttl: { type: "string", default: "1h" },
      alg: { type: "string" },
    },
  });
  if (!values.sub)
    throw new Error(
      "usage: npm run token -- --sub <name> --scopes a,b [--offers x,y] [--subjects id1,id2] [--self <subject id>] [--ttl 1h] [--alg HS256|RS256|ES256]",
    );
  const algorithm = values.alg;
  if (algorithm !== undefined && !isOneOf(ALGORITHMS, algorithm)) throw new Error(`--alg must be HS256, RS256 or ES256, got "${algorithm}"`);
  const config = loadConfig(withDemoSecrets(process.env));
  const scopes = values
    .scopes!.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ttlSeconds = parseDuration(values.ttl!);
  if (ttlSeconds > config.auth.maxLifetimeSeconds) {
    throw new Error(
      `--ttl ${values.ttl} exceeds the longest lifetime the gateway accepts (${config.auth.maxLifetimeSeconds} s, XINYI_JWT_MAX_LIFETIME_SECONDS)`,
    );
  }
  const list = (text: string | undefined) =>
    text
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  // A partner's token names the 信易+ offers it runs (claim `offers`); an agent's the subjects it acts for (`subjects`);
  // a subject's own token (self:read, self:write) the subject it is (`self`, its canonical ID: the gateway refuses any other form).
  const [offers, subjects] = [list(values.offers), list(values.subjects)];
  const parsedSelf = values.self === undefined ? undefined : parseSubjectId(values.self);
  if (parsedSelf && !parsedSelf.ok) throw new Error(`--self "${values.self}" is not a subject ID: ${parsedSelf.problem.message}`);
  const self = parsedSelf?.value.id;
  if (scopes.some((s) => SELF_SCOPES.includes(s)) && !self) throw new Error("--scopes self:read or self:write needs --self <subject id>");
  process.stdout.write(`${await mintToken(config.auth, { sub: values.sub, scopes, ttlSeconds, algorithm, offers, subjects, self })}\n`);
});
