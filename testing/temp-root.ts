/**
 * Vitest's global setup: every test run writes its temporary files (federations' data folders,
 * test catalogues, key files, browser profiles) under one folder of its own — TMPDIR, inherited by
 * the test workers and every process they start — and removes it when the run ends, so a run that
 * stops a test midway or forgets a folder leaves nothing behind in the machine's /tmp.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-vitest-"));
  // Run as root, the tests' PostgreSQL runs as user `postgres`, who must pass through to its folder.
  fs.chmodSync(root, 0o711);
  process.env.TMPDIR = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
