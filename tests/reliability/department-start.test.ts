/**
 * A department that cannot start closes what it opened: whatever fails in buildDepartmentApp —
 * what the department prepares (a policy, a catalogue), its migrations, its schema — the database
 * it opened is closed before the failure is reported (shared/subgraph.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../shared/config.js";
import { buildDepartmentApp } from "../../shared/subgraph.js";
import { transportDepartment } from "../../subgraphs/transport/app.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** This process's open files under `dir` (Linux: /proc/self/fd). */
const openFilesUnder = (dir: string): string[] =>
  fs
    .readdirSync("/proc/self/fd")
    .map((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return "";
      }
    })
    .filter((target) => target.startsWith(dir));

const configIn = () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-start-"));
  dirs.push(dataDir);
  return { dataDir, config: loadConfig({ XINYI_DATA_DIR: dataDir, XINYI_GATEWAY_SECRET: "start-test-secret-0123456789abcdef0123456789", NODE_ENV: "test" }) };
};

describe.skipIf(process.platform !== "linux")("a department that fails to start", () => {
  it("closes its database when its prepare step throws, and reports the prepare's error", async () => {
    const { dataDir, config } = configIn();
    const failing = {
      ...transportDepartment,
      prepare: () => {
        throw new Error("transport: the policy file is not valid");
      },
    };
    await expect(buildDepartmentApp(config, failing)).rejects.toThrow("transport: the policy file is not valid");
    expect(fs.existsSync(path.join(dataDir, "transport.sqlite"))).toBe(true);
    expect(openFilesUnder(dataDir)).toEqual([]);
  });

  it("closes its database when a migration throws, like a failing prepare", async () => {
    const { dataDir, config } = configIn();
    const failing = {
      ...transportDepartment,
      migrations: {
        ...transportDepartment.migrations,
        "999_broken": {
          async up() {
            throw new Error("migration 999 failed");
          },
        },
      },
    };
    await expect(buildDepartmentApp(config, failing)).rejects.toThrow("migration 999 failed");
    expect(openFilesUnder(dataDir)).toEqual([]);
  });

  it("holds its database open while it serves, so the check above sees an open one", async () => {
    const { dataDir, config } = configIn();
    const app = await buildDepartmentApp(config, transportDepartment);
    try {
      expect(openFilesUnder(dataDir).length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
    expect(openFilesUnder(dataDir)).toEqual([]);
  });
});
