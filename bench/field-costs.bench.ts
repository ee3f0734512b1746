/**
 * `npm run bench:costs`: what each expensive field makes the whole platform spend, measured, so
 * that the gateway's cost weights (gateway/src/cost.ts) follow CPU rather than a guess. The
 * departments and the gateway run in their own processes; each probe is sent `BENCH_COST_REPEATS`
 * (20) times from this process, one at a time, and the CPU of every process of the stack (the
 * gateway, the departments, and the incentives and credit services reading back through the
 * gateway) is read from /proc before and after. Prints CPU ms per request and per subject, the
 * field's share above its base query, and that share in cost units: 1 unit = the CPU of one plain
 * field of one subject in a page (the base query's CPU per subject over its fields). Last, what one
 * HTTP batch of 5 operations × 30 `checkEligibility` costs (the review's amplification). A partner
 * checks a person by the code they present: the bench registers five persons with the 诚信码
 * channel and has it issue the codes before the probe is measured (one check each).
 */
import "reflect-metadata";
import { mintToken } from "../gateway/src/jwt.js";
import { cpuMs } from "../scripts/process-stats.js";
import { runMain } from "../shared/serve.js";
import { presentedCodes, registerForPartners } from "../testing/presentation.js";
import { startStack, type Stack } from "../scripts/bench-kit/stack.js";

const REPEATS = Number(process.env.BENCH_COST_REPEATS ?? 20);
const PAGE = 20;

interface Probe {
  label: string;
  /** The probe's query; `$ids` are the page's subjects (or one subject for single-subject probes). */
  query: string;
  as: "analyst" | "partner" | "issuer";
  /** Subjects the request covers (CPU per subject is divided by it). */
  subjects: number;
  /** The probe it is measured above. */
  base?: string;
  /** A partner's probe for a person: `$p` is a fresh presented code each time (issued before the measurement). */
  presented?: boolean;
  variables?: (i: number, ids: string[]) => Record<string, unknown>;
}

const PAGE_OF = (selection: string) => `{ subjects(first: ${PAGE}) { nodes { id name ${selection} } } }`;
const PROBES: Probe[] = [
  { label: "page: id name", query: PAGE_OF(""), as: "analyst", subjects: PAGE },
  {
    label: "page + every department's records",
    query: PAGE_OF(
      "tax { violations { id } } health { records { id } } transport { records { id } } publicResources { records { id } } market { records { id } }",
    ),
    as: "analyst",
    subjects: PAGE,
    base: "page: id name",
  },
  { label: "page + evaluation", query: PAGE_OF("evaluation { score level codeColor }"), as: "analyst", subjects: PAGE, base: "page: id name" },
  { label: "page + evaluationIf(repair: [])", query: PAGE_OF("evaluationIf(repair: []) { score }"), as: "analyst", subjects: PAGE, base: "page: id name" },
  { label: "page + eligibleIncentives (all offers)", query: PAGE_OF("eligibleIncentives { status }"), as: "analyst", subjects: PAGE, base: "page: id name" },
  {
    label: "page + eligibleIncentives(offerIds: [one])",
    query: PAGE_OF(`eligibleIncentives(offerIds: ["xing-bus-coupon"]) { status }`),
    as: "analyst",
    subjects: PAGE,
    base: "page: id name",
  },
  {
    label: "checkEligibility (one partner check)",
    query: `query($p: String!) { checkEligibility(presentation: $p, offerId: "xing-bus-coupon") { eligible } }`,
    as: "partner",
    subjects: 1,
    presented: true,
  },
  {
    label: "issueCreditReport (one report)",
    query: `mutation($id: ID!) { issueCreditReport(subjectId: $id, purpose: "bench") { number } }`,
    as: "issuer",
    subjects: 1,
    variables: (i, ids) => ({ id: ids[i % ids.length] }),
  },
];

const stackCpu = (stack: Stack) => stack.pids.reduce((sum, pid) => sum + cpuMs(pid), 0);

runMain(async () => {
  const stack = await startStack({
    subjects: 2000,
    env: { XINYI_RATE_LIMIT_PER_MINUTE: "1000000", XINYI_REPORTS_PER_ISSUER_PER_HOUR: "100000", XINYI_PERSON_IDS_PER_HOUR: "1000000" },
  });
  try {
    const tokens = {
      analyst: await mintToken(stack.config.auth, { sub: "bench-analyst", scopes: ["profile:read", "pii:read"], ttlSeconds: 3600 }),
      partner: await mintToken(stack.config.auth, { sub: "bench-partner", scopes: ["eligibility:check"], offers: ["xing-bus-coupon"], ttlSeconds: 3600 }),
      issuer: await mintToken(stack.config.auth, { sub: "bench-issuer", scopes: ["report:issue"], ttlSeconds: 3600 }),
      channel: await mintToken(stack.config.auth, { sub: "bench-channel", scopes: ["code:register"], ttlSeconds: 3600 }),
    };
    const send = async (as: keyof typeof tokens, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${stack.origin}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tokens[as]}`, "x-purpose": "bench" },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    };
    const post = async (as: Probe["as"], query: string, variables: Record<string, unknown>) => {
      const body = await send(as, query, variables);
      if (body.errors) throw new Error(`bench:costs: ${JSON.stringify(body.errors).slice(0, 300)}`);
      return body.data;
    };
    const ids = async (kind: string) =>
      (
        (await post("analyst", `{ subjects(first: 100, filter: { kind: ${kind} }) { nodes { id } } }`, {})) as { subjects: { nodes: { id: string }[] } }
      ).subjects.nodes.map((n) => n.id);
    const [persons, organizations] = [await ids("PERSON"), await ids("ORGANIZATION")];
    const channel = (query: string, variables: Record<string, unknown>) => send("channel", query, variables);
    const presenting = persons.slice(0, 5);
    for (const id of presenting) await registerForPartners(channel, id);
    /** REPEATS + 1 fresh codes, one check each, across the presenting persons. */
    const codes = async () => (await Promise.all(presenting.map((id) => presentedCodes(channel, id, Math.ceil((REPEATS + 1) / presenting.length))))).flat();
    const results = new Map<string, number>();
    for (const probe of PROBES) {
      const pool = probe.as === "issuer" ? organizations : persons;
      const shown = probe.presented ? await codes() : [];
      const variables = probe.presented ? (i: number) => ({ p: shown[i + 1] }) : (probe.variables ?? (() => ({})));
      await post(probe.as, probe.query, probe.presented ? { p: shown[0] } : variables(0, pool)); // warm
      const before = stackCpu(stack);
      for (let i = 0; i < REPEATS; i++) await post(probe.as, probe.query, variables(i, pool));
      results.set(probe.label, (stackCpu(stack) - before) / REPEATS);
    }
    // The review's amplification: one HTTP batch of 5 operations × 30 checks (refused at validation now).
    const check = (i: number) => `c${i}: checkEligibility(presentation: $p, offerId: "xing-bus-coupon") { eligible }`;
    const [code] = await codes();
    const batch = JSON.stringify(
      Array.from({ length: 5 }, () => ({
        query: `query($p: String!) { ${Array.from({ length: 30 }, (_, i) => check(i)).join(" ")} }`,
        variables: { p: code },
      })),
    );
    const batchBefore = stackCpu(stack);
    for (let i = 0; i < REPEATS; i++) {
      await fetch(`${stack.origin}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tokens.partner}`, "x-purpose": "bench" },
        body: batch,
      }).then((r) => r.arrayBuffer());
    }
    const batchMs = (stackCpu(stack) - batchBefore) / REPEATS;
    const perSubject = (label: string) => results.get(label)! / PROBES.find((p) => p.label === label)!.subjects;
    // 1 unit: one plain field of one subject in a page (the base query selects id and name).
    const unit = perSubject("page: id name") / 2;
    process.stdout.write(`CPU of the whole stack per request (${REPEATS} each, one at a time); 1 cost unit = ${unit.toFixed(3)} ms\n\n`);
    process.stdout.write("| probe | ms / request | ms / subject | above its base, ms / subject | in cost units |\n|---|---|---|---|---|\n");
    for (const probe of PROBES) {
      const above = perSubject(probe.label) - (probe.base ? perSubject(probe.base) : 0);
      process.stdout.write(
        `| ${probe.label} | ${results.get(probe.label)!.toFixed(1)} | ${perSubject(probe.label).toFixed(2)} | ${probe.base ? above.toFixed(2) : ""} | ${probe.base || probe.subjects === 1 ? Math.round(above / unit) : ""} |\n`,
      );
    }
    process.stdout.write(`\none HTTP batch of 5 × 30 checkEligibility: ${batchMs.toFixed(1)} ms of the whole stack's CPU per request\n`);
  } finally {
    await stack.stop();
  }
});
