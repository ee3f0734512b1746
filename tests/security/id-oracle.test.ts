/**
 * No existence oracle on a person ID (security issue 22): every argument of the schema that takes
 * a subject is listed here — a test reads the supergraph and fails when one is added and not listed —
 * and for each, one caller without `pii:read`, holding the scopes the field needs, guesses 250 IDs
 * with the masked ID's visible digits, birth dates around the real one and the right check digit,
 * the real one last. Its answer for the real one must be one it also got for a wrong one. The
 * mechanism (gateway/src/person-ids.ts, use-lookup-budget.ts) reads values, not field names, so the
 * variants below name IDs through other arguments, variables, fragments and odd spellings.
 */
import fs from "node:fs";
import { Kind, parse, type InputValueDefinitionNode, type TypeNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPARTMENTS } from "../../shared/departments.js";
import { computePersonCheck } from "../../shared/ids.js";
import { maskIdNumber } from "../../shared/masking.js";
import { SUPERGRAPH_FILE } from "../../shared/paths.js";
import { firstSubject, startFederation, subjectIds, type As, type Federation } from "../../testing/federation.js";
import { windowWithRoom } from "../../testing/wait.js";

const OFFER = "xing-bus-coupon";
const CHANNEL: As = { sub: "oracle-channel", scopes: ["code:register"] };
let fed: Federation;
let person: string;
let organization: string;

/** The subject IDs a guesser would try: same visible digits, birth dates around the real one, right check digit; the real one last. */
function candidates(real: string, count: number): string[] {
  const born = Date.UTC(Number(real.slice(6, 10)), Number(real.slice(10, 12)) - 1, Number(real.slice(12, 14)));
  const out: string[] = [];
  for (let offset = 1; out.length < count - 1; offset++) {
    for (const sign of [-1, 1]) {
      const date = new Date(born + sign * offset * 86_400_000).toISOString().slice(0, 10).replace(/-/g, "");
      const first17 = `${real.slice(0, 6)}${date}${real.slice(14, 17)}`;
      if (computePersonCheck(first17) === real[17] && out.length < count - 1) out.push(`${first17}${real[17]}`);
    }
  }
  return [...out, real];
}

/** Every argument of the supergraph's fields, inputs expanded, as `Type.field(arg.inputField)`, with its named type. */
function argumentsOfSchema(): { path: string; type: string }[] {
  const doc = parse(fs.readFileSync(SUPERGRAPH_FILE, "utf8"));
  const inputs = new Map<string, readonly InputValueDefinitionNode[]>();
  for (const d of doc.definitions) if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) inputs.set(d.name.value, d.fields ?? []);
  const named = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : named(t.type));
  const out: { path: string; type: string }[] = [];
  const expand = (prefix: string, value: InputValueDefinitionNode, seen: Set<string>) => {
    const type = named(value.type);
    const path = `${prefix}${value.name.value}`;
    const fields = inputs.get(type);
    if (!fields) return void out.push({ path, type });
    if (seen.has(type)) return;
    for (const f of fields) expand(`${path}.`, f, new Set([...seen, type]));
  };
  for (const d of doc.definitions) {
    if (d.kind !== Kind.OBJECT_TYPE_DEFINITION && d.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    if (d.name.value.startsWith("join__") || d.name.value.startsWith("link__")) continue;
    for (const field of d.fields ?? []) for (const a of field.arguments ?? []) expand(`${d.name.value}.${field.name.value}(`, a, new Set());
  }
  return out.map(({ path, type }) => ({ path: `${path.replace(/\($/, "")})`, type }));
}

interface Route {
  as: As;
  query: string;
  variables: (id: string, i: number) => Record<string, unknown>;
  /** The code every guess is refused with before the budget holds the caller (a partner naming a person: no ID is looked up at all). */
  refusedWith?: string;
}

const reader: As = { scopes: ["profile:read"], purpose: "oracle test" };
const partner: As = { scopes: ["eligibility:check", "incentive:redeem"], offers: [OFFER], purpose: "公交刷卡" };
const record = (mutation: string, input: string, scopes: string[]): Route => ({
  as: { scopes },
  query: `mutation($in: ${input}!) { ${mutation}(input: $in) { id } }`,
  variables: (id, i) => ({
    in: {
      subjectId: id,
      documentNo: `湖罚〔2026〕O${i}`,
      category: CATEGORIES[mutation],
      severity: "GENERAL",
      description: "oracle probe",
      decidedOn: "2026-01-05",
      ...(mutation === "recordTradingRecord" ? { points: 1 } : {}),
    },
  }),
});
/** Every record department's kernel mutation (`record<RecordType>`, shared/departments.ts), its scope and a category of its own. */
const RECORD_MUTATIONS = DEPARTMENTS.flatMap((d) =>
  d.records ? [{ mutation: `record${d.records.recordType}`, scope: `dept:${d.name}`, category: Object.keys(d.records.categories.values)[0] }] : [],
);
const CATEGORIES: Record<string, string> = Object.fromEntries(RECORD_MUTATIONS.map((m) => [m.mutation, m.category]));

/** Every argument that takes a subject, and how a caller without pii:read reaches it. */
const ROUTES: Record<string, Route> = {
  "Query.subject(id)": { as: reader, query: `query($id: ID!) { subject(id: $id) { kind name } }`, variables: (id) => ({ id }) },
  "Query.auditLog(subjectId)": {
    as: { scopes: ["audit:read"] },
    query: `query($id: ID) { auditLog(subjectId: $id, first: 5) { totalCount nodes { id } } }`,
    variables: (id) => ({ id }),
  },
  "Query.checkEligibility(subjectId)": {
    as: partner,
    query: `query($id: ID!) { checkEligibility(subjectId: $id, offerId: "${OFFER}") { eligible } }`,
    variables: (id) => ({ id }),
    refusedWith: "PRESENTATION_REQUIRED",
  },
  "Query.repairApplications(subjectId)": {
    as: { scopes: ["dept:credit"] },
    query: `query($id: ID!) { repairApplications(subjectId: $id) { id status } }`,
    variables: (id) => ({ id }),
  },
  "Query.repairableRecords(subjectId)": {
    as: { scopes: ["repair:apply"], subjects: [] },
    query: `query($id: ID!) { repairableRecords(subjectId: $id) { id earliestApplicationOn } }`,
    variables: (id) => ({ id }),
  },
  "Query.creditReports(subjectId)": {
    as: { scopes: ["report:issue"] },
    query: `query($id: ID) { creditReports(subjectId: $id, first: 5) { totalCount nodes { number subjectName } } }`,
    variables: (id) => ({ id }),
  },
  "Mutation.issueCreditReport(subjectId)": {
    as: { scopes: ["report:issue"] },
    query: `mutation($id: ID!) { issueCreditReport(subjectId: $id, purpose: "投标") { number } }`,
    variables: (id) => ({ id }),
  },
  "Mutation.issueCodePresentation(subjectId)": {
    as: { scopes: ["code:register"] },
    query: `mutation($id: ID!) { issueCodePresentation(subjectId: $id) { expiresAt } }`,
    variables: (id) => ({ id }),
  },
  "Mutation.revokeCreditCode(subjectId)": {
    as: { scopes: ["code:register"] },
    query: `mutation($id: ID!) { revokeCreditCode(subjectId: $id, reason: "probe") { status } }`,
    variables: (id) => ({ id }),
  },
  "Mutation.registerCreditCode(input.subjectId)": {
    as: { scopes: ["code:register"] },
    query: `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: [INCENTIVE_CHECK] }) { status } }`,
    variables: (id) => ({ id }),
  },
  "Mutation.applyForCreditRepair(input.subjectId)": {
    as: { scopes: ["repair:apply"], subjects: [] },
    query: `mutation($id: ID!) { applyForCreditRepair(input: { subjectId: $id, recordId: "TAX-1", reason: "已整改", materials: [], commitment: "守信承诺" }) { id } }`,
    variables: (id) => ({ id }),
  },
  "Mutation.redeemIncentive(input.subjectId)": {
    as: partner,
    query: `mutation($in: RedeemIncentiveInput!) { redeemIncentive(input: $in) { id } }`,
    variables: (id, i) => ({ in: { subjectId: id, offerId: OFFER, amount: 1, channel: "公交", idempotencyKey: `oracle-${i}` } }),
    refusedWith: "PRESENTATION_REQUIRED",
  },
  "Mutation.recordCommitment(input.subjectId)": {
    as: { scopes: ["dept:tax"] },
    query: `mutation($in: RecordCommitmentInput!) { recordCommitment(input: $in) { id fulfilment } }`,
    variables: (id) => ({ in: { subjectId: id, matter: "告知承诺制办理涉税证明", content: "oracle probe", committedOn: "2026-01-05", dueOn: "2026-03-05" } }),
  },
  "Query.merchantCode(subjectId)": {
    // The public merchant page's question, anonymous: null for anything not shown (budgeted per client address).
    as: {},
    query: `query($id: ID!) { merchantCode(subjectId: $id) { name level } }`,
    variables: (id) => ({ id }),
  },
  "Mutation.setMerchantCode(subjectId)": {
    // A credit office clerk who also reads profiles (a reader's budget): a person ID is refused alike whatever it is.
    as: { scopes: ["dept:credit", "profile:read"], purpose: "oracle test" },
    query: `mutation($id: ID!) { setMerchantCode(subjectId: $id, display: true) { displayed } }`,
    variables: (id) => ({ id }),
  },
  "Mutation.addListEntry(input.subjectId)": {
    as: { scopes: ["dept:credit"] },
    query: `mutation($in: AddListEntryInput!) { addListEntry(input: $in) { id status } }`,
    variables: (id, i) => ({
      in: {
        subjectId: id,
        list: "DISHONEST_JUDGMENT_DEBTOR",
        authority: "湖州市中级人民法院",
        reason: "oracle probe",
        legalBasis: "oracle probe",
        documentNumber: `（2026）浙05执O${i}号`,
        listedOn: "2026-01-05",
      },
    }),
  },
  "Query.notifications(subjectId)": {
    // The credit office reads a subject's notices: the same empty page for a person with none and one not in the directory.
    as: { scopes: ["dept:credit"] },
    query: `query($id: ID!) { notifications(subjectId: $id, first: 5) { totalCount nodes { kind status } } }`,
    variables: (id) => ({ id }),
  },
  "Mutation.registerNoticeContact(subjectId)": {
    // Contacts are for organisations: a person ID is refused alike (BAD_USER_INPUT) before anything is looked up (a clerk who also reads profiles: a reader's budget).
    as: { scopes: ["dept:credit", "profile:read"], purpose: "oracle test" },
    query: `mutation($id: ID!) { registerNoticeContact(subjectId: $id, webhookUrl: "https://example.org/hook", consents: [NOTICE_REPAIR]) { consents } }`,
    variables: (id) => ({ id }),
  },
  // Every record department's kernel mutation, derived: a new department is covered without a line here.
  ...Object.fromEntries(
    RECORD_MUTATIONS.map(({ mutation, scope }) => [`Mutation.${mutation}(input.subjectId)`, record(mutation, `R${mutation.slice(1)}Input`, [scope])]),
  ),
  "Mutation.recordPointEvent(input.subjectId)": {
    // A village clerk: a person in no household and one not in the directory are refused alike.
    as: { scopes: ["dept:village"] },
    query: `mutation($in: RecordPointEventInput!) { recordPointEvent(input: $in) { id points } }`,
    variables: (id) => ({ in: { subjectId: id, ruleCode: "VOLUNTEER", occurredOn: "2026-01-05", evidence: "oracle probe" } }),
  },
};

/** An answer with what differs between any two guesses taken out: the guess itself, new ids and times, seconds to wait. */
function normalised(body: unknown, guess: string): string {
  return JSON.stringify(body, (key, value) => (["id", "number", "checkId", "checkedAt", "retryAfter", "locations"].includes(key) ? undefined : value))
    .replaceAll(guess, "<ID>")
    .replaceAll(maskIdNumber(guess), "<ID>")
    .replace(/\d+ s\b/g, "N s");
}

beforeAll(async () => {
  fed = await startFederation({ subjects: 200, env: { XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000" } });
  organization = await firstSubject(fed, "ORGANIZATION");
  // A registered person the partner's offer would accept: the real answer is a "yes".
  for (const id of await subjectIds(fed, "PERSON", 100)) {
    await fed.query(
      `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: [INCENTIVE_CHECK, INCENTIVE_REDEEM] }) { status } }`,
      { id },
      CHANNEL,
    );
    const { token } = (await fed.query(`mutation($id: ID!) { issueCodePresentation(subjectId: $id) { token } }`, { id }, CHANNEL)).body.data
      .issueCodePresentation;
    const check = await fed.query(
      `query($p: String!) { checkEligibility(presentation: $p, offerId: "${OFFER}") { eligible } }`,
      { p: token },
      { ...partner, sub: "oracle-setup" },
    );
    if (check.body.data?.checkEligibility?.eligible) {
      person = id;
      break;
    }
  }
  expect(person, "an eligible registered person").toBeDefined();
}, 180_000);
afterAll(async () => {
  await fed?.close();
});

describe("every argument that takes a subject", () => {
  it("is listed here (a new one fails until it is)", () => {
    const subjectArguments = argumentsOfSchema()
      .filter(({ path }) => /subjectId\)$|^Query\.subject\(id\)$/.test(path))
      .map(({ path }) => path);
    expect(subjectArguments.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it.each(Object.keys(ROUTES))("%s: 250 guesses from one caller without pii:read cannot tell the real person", async (name) => {
    const route = ROUTES[name];
    const sub = `guesser-${name.replace(/\W+/g, "-")}`;
    const guesses = candidates(person, 250);
    expect(new Set(guesses).size).toBe(250);
    await windowWithRoom(3_600_000, 90_000); // the budgets count clock hours
    const answers: string[] = [];
    let served = 0;
    for (const [i, guess] of guesses.entries()) {
      const { body } = await fed.query(route.query, route.variables(guess, i), { ...route.as, sub });
      const code = body.errors?.[0]?.extensions?.code;
      if (code !== "RATE_LIMITED") served++;
      if (route.refusedWith) expect([route.refusedWith, "RATE_LIMITED"], JSON.stringify(body)).toContain(code);
      answers.push(normalised(body, guess));
    }
    const real = answers.pop()!;
    expect(answers, `the real person's answer: ${real}`).toContain(real);
    // Well under 240 guesses get an answer at all.
    expect(served).toBeLessThanOrEqual(101);
    expect(real).toContain("RATE_LIMITED");
    // The refusal names no ID, full or masked.
    expect(real).not.toMatch(/\d{6}\*+\d{3}[\dX]/);
  });
});

describe("a person ID is counted wherever and however it is named", () => {
  it("through other arguments, variables, fragments, batches and other spellings; the same person again is free", async () => {
    await windowWithRoom(3_600_000, 30_000);
    const limited = await fed.startGateway({ XINYI_PERSON_IDS_PER_HOUR: "6" });
    try {
      const ask = async (body: unknown, sub: string, scopes = ["profile:read", "audit:read"]) => {
        const r = await fetch(limited.url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-purpose": "oracle test", authorization: `Bearer ${await fed.token(scopes, sub)}` },
          body: JSON.stringify(body),
        });
        return r.json();
      };
      const others = candidates(person, 12).slice(0, 11);
      const fullWidth = (id: string) => [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
      const spellings = [
        { query: `{ auditLog(caller: "x ${others[0]}", first: 1) { totalCount } }` },
        { query: `query($f: SubjectFilter) { subjects(first: 1, filter: $f) { nodes { id } } }`, variables: { f: { namePrefix: others[1] } } },
        { query: `{ ...F } fragment F on Query { subject(id: "${others[2].toLowerCase()}") { kind } }` },
        { query: `{ auditLog(subjectId: "${fullWidth(others[3])}", first: 1) { totalCount } }` },
        { query: `{ auditLog(caller: "${others[4].slice(0, 6)}-${others[4].slice(6, 14)}-${others[4].slice(14)}", first: 1) { totalCount } }` },
      ];
      for (const body of spellings) expect(JSON.stringify(await ask(body, "spellings"))).not.toContain("RATE_LIMITED");
      // Five named; the same five again cost nothing; a batch naming the sixth and seventh is held at the seventh.
      for (const body of spellings) expect(JSON.stringify(await ask(body, "spellings"))).not.toContain("RATE_LIMITED");
      const batch = await ask(
        [
          { query: `query($id: ID!) { subject(id: $id) { kind } }`, variables: { id: others[5] } },
          { query: `query($id: ID!) { subject(id: $id) { kind } }`, variables: { id: others[6] } },
        ],
        "spellings",
      );
      expect(batch[0].errors).toBeUndefined();
      expect(batch[1].errors[0].extensions.code).toBe("RATE_LIMITED");
      expect(JSON.stringify(batch)).not.toContain(others[6]);
      // Another caller has its own budget; a caller with pii:read and organisations' USCCs are not counted.
      expect((await ask({ query: `{ subject(id: "${others[6]}") { kind } }` }, "another")).errors).toBeUndefined();
      const many = others.map((id, i) => `g${i}: subject(id: "${id}") { kind }`).join(" ");
      expect((await ask({ query: `{ ${many} }` }, "pii-holder", ["profile:read", "pii:read"])).errors).toBeUndefined();
      for (let i = 0; i < 10; i++) expect((await ask({ query: `{ subject(id: "${organization}") { kind } }` }, "spellings")).errors).toBeUndefined();
    } finally {
      await limited.close();
    }
  });

  it("as an Int literal, a JSON number or a variable's default value: what execution reads, not what the client typed", async () => {
    await windowWithRoom(3_600_000, 30_000);
    const limited = await fed.startGateway({ XINYI_PERSON_IDS_PER_HOUR: "3" });
    try {
      const ask = async (body: unknown, sub: string) => {
        const r = await fetch(limited.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-purpose": "oracle test",
            authorization: `Bearer ${await fed.token(["profile:read", "audit:read"], sub)}`,
          },
          body: JSON.stringify(body),
        });
        return r.json();
      };
      // Valid ID numbers ending in a digit (an Int literal cannot end in X).
      const ids: string[] = [];
      for (let seq = 100; ids.length < 4; seq++) {
        const first17 = `33050219850315${seq}`;
        if (/\d/.test(computePersonCheck(first17))) ids.push(`${first17}${computePersonCheck(first17)}`);
      }
      const codes = [
        await ask({ query: `{ subject(id: ${ids[0]}) { kind } }` }, "literal"),
        await ask({ query: `query($id: ID = "${ids[1]}") { auditLog(subjectId: $id, first: 1) { totalCount } }` }, "literal"),
        await ask({ query: `{ g: auditLog(subjectId: ${ids[2]}, first: 1) { totalCount } }` }, "literal"),
        await ask({ query: `query($id: ID = ${ids[3]}) { subject(id: $id) { kind } }` }, "literal"),
      ].map((b) => b.errors?.[0]?.extensions?.code ?? "OK");
      expect(codes).toEqual(["OK", "OK", "OK", "RATE_LIMITED"]);
      // The audit records the subject whichever way it was written.
      const { body } = await fed.query(`{ auditLog(caller: "literal", first: 4) { nodes { subjectIds } } }`, undefined, { scopes: ["audit:read", "pii:read"] });
      const audited = body.data.auditLog.nodes.flatMap((n: { subjectIds: string[] }) => n.subjectIds);
      for (const id of ids.slice(0, 3)) expect(audited).toContain(id);
    } finally {
      await limited.close();
    }
  });

  it("gives a token that only records data a larger budget for its writes, not for its reads", async () => {
    await windowWithRoom(3_600_000, 30_000);
    const limited = await fed.startGateway({ XINYI_PERSON_IDS_PER_HOUR: "2", XINYI_PERSON_IDS_PER_HOUR_WRITERS: "5" });
    try {
      const ask = async (query: string, sub: string, scopes: string[]) => {
        const r = await fetch(limited.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await fed.token(scopes, sub)}` },
          body: JSON.stringify({ query }),
        });
        return r.json();
      };
      const others = candidates(person, 8).slice(0, 7);
      const revoke = (id: string) => `mutation { revokeCreditCode(subjectId: "${id}", reason: "probe") { status } }`;
      const codes = async (sub: string, scopes: string[]) => {
        const out: string[] = [];
        for (const id of others.slice(0, 6)) out.push((await ask(revoke(id), sub, scopes)).errors?.[0]?.extensions?.code ?? "OK");
        return out;
      };
      // A clerk's writes: five, then held. A token that also reads is a reader in its writes too.
      expect(await codes("clerk", ["code:register"])).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "RATE_LIMITED"]);
      expect(await codes("mixed", ["code:register", "audit:read"])).toEqual([
        "NOT_FOUND",
        "NOT_FOUND",
        "RATE_LIMITED",
        "RATE_LIMITED",
        "RATE_LIMITED",
        "RATE_LIMITED",
      ]);
      const reads = [];
      for (const id of others.slice(0, 3))
        reads.push((await ask(`{ repairApplications(subjectId: "${id}") { id } }`, "clerk-reads", ["dept:credit"])).errors?.[0]?.extensions?.code ?? "OK");
      expect(reads).toEqual(["OK", "OK", "RATE_LIMITED"]);
    } finally {
      await limited.close();
    }
  });
});
