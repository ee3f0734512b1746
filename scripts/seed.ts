/**
 * `npm run seed -- [--scale N|demo|city] [--seed TEXT] [--as-of YYYY-MM-DD]`: writes a
 * deterministic synthetic Huzhou into every department's database (same options, same data).
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../shared/config.js";
import { isIsoDate } from "../shared/scalars.js";
import { runMain } from "../shared/serve.js";
import { DEFAULT_AS_OF, DEFAULT_SEED, parseScale } from "./generate/scale.js";
import { seedDepartments } from "./generate/seed-departments.js";

runMain(async () => {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "demo" },
      seed: { type: "string", default: DEFAULT_SEED },
      "as-of": { type: "string", default: DEFAULT_AS_OF },
    },
  });
  const count = parseScale(values.scale!);
  if (!isIsoDate(values["as-of"]!)) throw new Error(`--as-of must be a date YYYY-MM-DD, got "${values["as-of"]}"`);
  // Seeding needs no gateway secret; give loadConfig a placeholder if none is set.
  const config = loadConfig({ XINYI_GATEWAY_SECRET: "seed-only-no-secret-needed-000000000000", ...process.env });
  await seedDepartments(config, { count, seed: values.seed!, asOf: values["as-of"]! });
});
