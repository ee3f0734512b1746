/**
 * The notices worker as `npm start` runs it — a process of its own (dist/) — killed (SIGKILL) in the
 * middle of a delivery and started again: the notice is not lost (its claim expires and the new
 * process sends it), and a receiver that keeps each id once has it once.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { freePorts } from "../../scripts/process-stats.js";
import { type Federation, gatewayProcessEnv, startFederation } from "../../testing/federation.js";
import { waitUntil } from "../../testing/wait.js";
import { startReceiver, verifies } from "./webhook-receiver.js";

beforeAll(() => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(PROJECT_ROOT, "tsconfig.build.json")], {
    stdio: "inherit",
  });
}, 240_000);

describe("the notices worker process", () => {
  let fed: Federation;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let output = "";
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    fed = await startFederation({ subjects: 100 });
    receiver = await startReceiver();
  }, 240_000);
  afterAll(async () => {
    for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    receiver?.release();
    await receiver?.close();
    await fed?.close();
  });

  const startWorker = async (port: number) => {
    const env = gatewayProcessEnv(fed, 0, { XINYI_NOTICES_PORT: String(port), XINYI_NOTICES_INTERVAL_MS: "200", XINYI_NOTICE_LEASE_SECONDS: "3" });
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist/subgraphs/credit/notices/index.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    processes.push(child);
    // Ready once a pass has run (the first one marks where telling starts).
    await waitUntil(
      "the notices worker's first pass",
      () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          async (r) => r.ok && (await r.json()).lastPass !== null,
          () => false,
        ),
      60_000,
      () => output,
    );
    return child;
  };

  it("killed mid-delivery and restarted: nothing lost, nothing twice for a receiver honouring the id", async () => {
    const [port] = await freePorts(1);
    const firms = await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, {
      scopes: ["dept:credit"],
    });
    const firm: string = firms.body.data.subjects.nodes[0].id;
    const contact = await fed.query(
      `mutation($id: ID!, $url: String!) { registerNoticeContact(subjectId: $id, webhookUrl: $url, consents: [NOTICE_REPAIR]) { secret } }`,
      { id: firm, url: `${receiver.base}/hold` },
      { scopes: ["dept:credit"] },
    );
    const secret: string = contact.body.data.registerNoticeContact.secret;
    const first = await startWorker(port);
    const recorded = await fed.query(
      `mutation($in: RecordTaxViolationInput!) { recordTaxViolation(input: $in) { id } }`,
      {
        in: {
          subjectId: firm,
          documentNo: "湖税罚〔2026〕进程-1号",
          category: "LATE_FILING",
          severity: "GENERAL",
          amount: 200,
          description: "告知进程测试",
          decidedOn: "2026-11-02",
        },
      },
      { scopes: ["dept:tax"] },
    );
    expect(recorded.body.errors).toBeUndefined();
    // The worker claims the notice and sends it; the receiver holds the request: the worker dies there.
    await waitUntil(
      "the first try to reach the receiver",
      () => receiver.at("/hold").length === 1,
      60_000,
      () => output,
    );
    const exited = new Promise((r) => first.once("exit", r));
    first.kill("SIGKILL");
    await exited;
    await startWorker(port);
    const log = async () =>
      (
        await fed.query(
          `query($id: ID!) { notifications(subjectId: $id) { nodes { id kind status tries lastOutcome } } }`,
          { id: firm },
          {
            scopes: ["dept:credit"],
          },
        )
      ).body.data.notifications.nodes;
    await waitUntil(
      "the restarted worker to deliver it",
      async () => (await log())[0]?.status === "DELIVERED",
      60_000,
      () => output,
    );
    const tries = receiver.at("/hold");
    expect(tries).toHaveLength(2);
    expect(new Set(tries.map((t) => t.id)).size).toBe(1);
    expect(tries.every((t) => verifies(secret, t))).toBe(true);
    expect(JSON.parse(tries[1].body)).toMatchObject({ kind: "PENALTY_RECORDED", subjectId: firm });
    expect(await log()).toEqual([
      expect.objectContaining({ id: tries[0].id, kind: "PENALTY_RECORDED", status: "DELIVERED", tries: 2, lastOutcome: "HTTP 200" }),
    ]);
  }, 240_000);
});
