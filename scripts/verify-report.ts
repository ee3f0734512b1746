/**
 * `npm run verify-report -- file.pdf [--public-key key.pub.pem]`: checks a special credit report
 * offline — its embedded canonical content against its SHA-256 and the platform's Ed25519
 * signature (the public key: --public-key, else the one beside XINYI_REPORT_KEY_FILE or in the
 * data folder). Exit code 0 when valid, 1 when not.
 */
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { resolveDataDir } from "../shared/config.js";
import { runMain } from "../shared/serve.js";
import { verifyReportOffline } from "../subgraphs/credit/reports/report-verify.js";

runMain(async () => {
  const { values, positionals } = parseArgs({ options: { "public-key": { type: "string" } }, allowPositionals: true });
  if (positionals.length !== 1) throw new Error("usage: npm run verify-report -- file.pdf [--public-key key.pub.pem]");
  const keyFile =
    values["public-key"] ??
    (process.env.XINYI_REPORT_KEY_FILE ? process.env.XINYI_REPORT_KEY_FILE.replace(/\.pem$/, ".pub.pem") : path.join(resolveDataDir(), "report-key.pub.pem"));
  if (!fs.existsSync(keyFile)) throw new Error(`no public key at ${keyFile}: pass --public-key`);
  const verdict = await verifyReportOffline(fs.readFileSync(positionals[0]), fs.readFileSync(keyFile, "utf8"));
  if (!verdict.ok) {
    process.stdout.write(`INVALID: ${verdict.problem}\n`);
    process.exitCode = 1;
    return;
  }
  const c = verdict.content;
  process.stdout.write(
    [
      `VALID: report ${c.number}, signed by the platform`,
      `  for ${c.subject.name} (${c.subject.id}), issued ${c.issuedAt}, period ${c.period.from} – ${c.period.to}, purpose ${c.purpose}`,
      ...c.lines.map((l) => `  ${l.title}: ${l.clean ? "no violation" : `${l.records.length} record(s)`}`),
      `  (that this PDF is the original as a whole: GET /verify/${c.number}?sha256=<its SHA-256>)`,
      "",
    ].join("\n"),
  );
});
