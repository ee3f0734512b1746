/**
 * The 个人诚信码 as a person shows it (issue 27, item 1): the channel issues a short-lived signed
 * presentation for a registered person; a partner scans it and checks and redeems with it instead
 * of an ID number. It names nobody readable, verifies offline with the public key, and serves one
 * check and one redemption, for one offer and one partner, before it expires.
 */
import { createPublicKey } from "node:crypto";
import { decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computePersonCheck } from "../../shared/ids.js";
import { maskIdNumber } from "../../shared/masking.js";
import { issuePresentation, readPresentation } from "../../shared/presentation.js";
import { platformKey } from "../../shared/platform-key.js";
import { ANALYST, startFederation, TEST_SECRET, type As, type Federation } from "../../testing/federation.js";

let fed: Federation;
const CHANNEL: As = { sub: "presentation-channel", scopes: ["code:register"] };
const OFFER = "xing-bus-coupon";
const partner = (sub = "bus-co", offers = [OFFER, "yue-deposit-free"]): As => ({
  sub,
  scopes: ["eligibility:check", "incentive:redeem"],
  offers,
  purpose: "公交刷卡",
});
const ISSUE = `mutation($id: ID!, $s: Int) { issueCodePresentation(subjectId: $id, seconds: $s) { token expiresAt consents qrSvg } }`;
const CHECK = `query($p: String!, $o: ID!) { checkEligibility(presentation: $p, offerId: $o) { eligible offerId } }`;
const REDEEM = `mutation($p: String!, $k: String!) { redeemIncentive(input: { presentation: $p, offerId: "${OFFER}", amount: 1, channel: "公交刷卡", idempotencyKey: $k }) { id subjectId } }`;
let eligible: string;
let ineligible: string;
let unregistered: string;

const code = (e: { body: { errors?: { extensions: { code: string } }[] } }) => e.body.errors?.[0]?.extensions.code ?? "OK";
const present = async (id: string, seconds?: number) => (await fed.query(ISSUE, { id, s: seconds }, CHANNEL)).body.data.issueCodePresentation;

beforeAll(async () => {
  fed = await startFederation({ subjects: 200 });
  const page = await fed.query(
    `{ subjects(first: 100, filter: { kind: PERSON }) { nodes { id eligibleIncentives(includeIneligible: true, offerIds: ["${OFFER}"]) { status conditions { condition outcome } } } } }`,
    undefined,
    ANALYST,
  );
  const nodes = page.body.data.subjects.nodes as {
    id: string;
    eligibleIncentives: { status: string; conditions: { condition: string; outcome: string }[] }[];
  }[];
  // Eligible once registered: every condition but the registration met; ineligible whatever happens: a condition other than consent unmet.
  const unmet = (n: (typeof nodes)[number]) => n.eligibleIncentives[0].conditions.filter((c) => c.outcome !== "MET").map((c) => c.condition);
  eligible = nodes.find((n) => unmet(n).every((c) => c.startsWith("CONSENT") || c.startsWith("CODE")))!.id;
  ineligible = nodes.find((n) => unmet(n).some((c) => !c.startsWith("CONSENT") && !c.startsWith("CODE")))!.id;
  unregistered = nodes.find((n) => n.id !== eligible && n.id !== ineligible)!.id;
  for (const id of [eligible, ineligible]) {
    await fed.query(
      `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: [INCENTIVE_CHECK, INCENTIVE_REDEEM] }) { status } }`,
      { id },
      CHANNEL,
    );
  }
}, 180_000);
afterAll(async () => {
  await fed?.close();
});

describe("presented codes", () => {
  it("are issued for a registered person only, as a QR code, naming nobody readable, verifiable offline", async () => {
    const p = await present(eligible);
    expect(p.qrSvg).toMatch(/^<svg/);
    expect(Date.parse(p.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    expect(p.consents).toEqual(expect.arrayContaining(["INCENTIVE_CHECK"]));
    const readable = JSON.stringify(decodeJwt(p.token)) + Buffer.from(p.token.split(".")[1], "base64url").toString("latin1");
    for (const text of [readable, p.token]) {
      expect(text).not.toContain(eligible);
      expect(text).not.toContain(maskIdNumber(eligible));
      expect(text).not.toContain(eligible.slice(6, 14));
    }
    // Offline: the public key the platform publishes verifies it.
    const key = (await fed.query(`{ codePresentationKey }`)).body.data.codePresentationKey;
    await expect(jwtVerify(p.token, createPublicKey(key), { typ: "xinyi-code+jwt" })).resolves.toBeTruthy();
    const refused = await fed.query(ISSUE, { id: unregistered }, CHANNEL);
    expect(code(refused)).toBe("CONFLICT");
    expect(code(await fed.query(ISSUE, { id: eligible }, partner()))).toBe("FORBIDDEN");
    expect(code(await fed.query(ISSUE, { id: eligible, s: 3600 }, CHANNEL))).toBe("BAD_USER_INPUT");
  });

  it("let a partner check and redeem: yes for an eligible person, no for an ineligible one", async () => {
    const yes = await present(eligible);
    const answer = await fed.query(CHECK, { p: yes.token, o: OFFER }, partner());
    expect(answer.body.data.checkEligibility).toEqual({ eligible: true, offerId: OFFER });
    const redeemed = await fed.query(REDEEM, { p: yes.token, k: "presented-1" }, partner());
    expect(code(redeemed)).toBe("OK");
    // The partner holds no pii:read: the ledger entry shows the person masked.
    expect(redeemed.body.data.redeemIncentive.subjectId).toBe(maskIdNumber(eligible));
    // Its reversal, the partner's other call that returns the entry, masks the person too.
    const reversed = await fed.query(
      `mutation($id: ID!) { reverseRedemption(redemptionId: $id, reason: "刷卡重复") { subjectId reverses } }`,
      { id: redeemed.body.data.redeemIncentive.id },
      partner(),
    );
    expect(reversed.body.data.reverseRedemption.subjectId).toBe(maskIdNumber(eligible));
    expect(JSON.stringify([answer.body, redeemed.body, reversed.body])).not.toContain(eligible);
    const no = await present(ineligible);
    expect((await fed.query(CHECK, { p: no.token, o: OFFER }, partner())).body.data.checkEligibility.eligible).toBe(false);
  });

  it("are refused when replayed past their use, for another offer or partner, expired, altered or not the platform's", async () => {
    const p = await present(eligible);
    expect(code(await fed.query(CHECK, { p: p.token, o: OFFER }, partner()))).toBe("OK");
    expect(code(await fed.query(CHECK, { p: p.token, o: OFFER }, partner()))).toBe("PRESENTATION_REFUSED");
    expect(code(await fed.query(CHECK, { p: p.token, o: "yue-deposit-free" }, partner()))).toBe("PRESENTATION_REFUSED");
    expect(code(await fed.query(REDEEM, { p: p.token, k: "presented-2" }, partner("another-bus-co")))).toBe("PRESENTATION_REFUSED");
    expect(code(await fed.query(REDEEM, { p: p.token, k: "presented-3" }, partner()))).toBe("OK");
    expect(code(await fed.query(REDEEM, { p: p.token, k: "presented-4" }, partner()))).toBe("PRESENTATION_REFUSED");
    // Two partners racing with one fresh code: one check between them.
    const raced = await present(eligible);
    const both = await Promise.all([
      fed.query(CHECK, { p: raced.token, o: OFFER }, partner()),
      fed.query(CHECK, { p: raced.token, o: OFFER }, partner("rival-co")),
    ]);
    expect(both.map(code).sort()).toEqual(["OK", "PRESENTATION_REFUSED"]);
    // Altered, or signed with another key: refused.
    const fresh = await present(eligible);
    const [h, body, sig] = fresh.token.split(".");
    const altered = `${h}.${body}.${sig.slice(0, -4)}${sig.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    expect(code(await fed.query(CHECK, { p: altered, o: OFFER }, partner()))).toBe("PRESENTATION_REFUSED");
    const foreign = platformKey(`${fed.config.dataDir}/not-the-code-key.pem`);
    const forged = await issuePresentation({ subjectId: eligible, consents: ["INCENTIVE_CHECK"] }, foreign, TEST_SECRET);
    expect(code(await fed.query(CHECK, { p: forged.token, o: OFFER }, partner()))).toBe("PRESENTATION_REFUSED");
    // Expired: read back six minutes on.
    const publicKey = platformKey(`${fed.config.dataDir}/code-key.pem`).publicKeyPem;
    const later = await readPresentation(fresh.token, publicKey, TEST_SECRET, new Date(Date.now() + 6 * 60_000));
    expect(later).toMatchObject({ ok: false, reason: expect.stringContaining("expired") });
    // Neither both nor none of presentation and subjectId.
    expect(code(await fed.query(`query($o: ID!) { checkEligibility(offerId: $o) { eligible } }`, { o: OFFER }, partner()))).toBe("BAD_USER_INPUT");
  });
});

describe("a person named by ID number", () => {
  const fullWidth = (id: string) => [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
  /** A valid ID number nobody holds, ending in X. */
  const unknownX = (() => {
    for (let seq = 100; ; seq++) {
      const first17 = `33050219850315${seq}`;
      if (computePersonCheck(first17) === "X") return `${first17}X`;
    }
  })();

  it("is refused to a partner the same way however it is written, registered or unknown; an organisation's USCC still answers", async () => {
    const as = partner("id-namer");
    const spellings = [
      eligible,
      unknownX,
      unknownX.toLowerCase(),
      ` ${eligible} `,
      fullWidth(eligible),
      `${eligible.slice(0, 6)} ${eligible.slice(6, 14)} ${eligible.slice(14)}`,
      "330502199001011235", // a wrong check digit
    ];
    const outcomes: string[] = [];
    const refusal = (body: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown>; path?: unknown }[] }) =>
      JSON.stringify({ data: body.data ?? null, errors: body.errors?.map((e) => ({ message: e.message, extensions: e.extensions })) });
    for (const [i, id] of spellings.entries()) {
      const inline = await fed.query(`{ checkEligibility(subjectId: "${id}", offerId: "${OFFER}") { eligible } }`, undefined, as);
      const variable = await fed.query(`query($id: ID!) { checkEligibility(subjectId: $id, offerId: "${OFFER}") { eligible } }`, { id }, as);
      const aliased = await fed.query(`query($id: ID) { busCheck: checkEligibility(offerId: "${OFFER}", subjectId: $id) { eligible checkId } }`, { id }, as);
      const inputField = await fed.query(
        `mutation { redeemIncentive(input: { subjectId: "${id}", offerId: "${OFFER}", amount: 1, channel: "公交刷卡", idempotencyKey: "by-id-${i}-a" }) { id } }`,
        undefined,
        as,
      );
      const inputVariable = await fed.query(
        `mutation($in: RedeemIncentiveInput!) { redeemIncentive(input: $in) { id subjectId } }`,
        { in: { subjectId: id, offerId: OFFER, amount: 1, channel: "公交刷卡", idempotencyKey: `by-id-${i}-b` } },
        as,
      );
      for (const answer of [inline, variable, aliased, inputField, inputVariable]) {
        expect(code(answer), `${id}: ${JSON.stringify(answer.body)}`).toBe("PRESENTATION_REQUIRED");
      }
      outcomes.push([inline, variable, aliased].map((a) => refusal(a.body)).join() + [inputField, inputVariable].map((a) => refusal(a.body)).join());
    }
    // One answer for all: nothing tells a registered person from an unknown or misspelt ID; no digit of any ID in it.
    expect(new Set(outcomes).size).toBe(1);
    expect(outcomes[0]).toContain("诚信码");
    expect(outcomes[0]).not.toMatch(/\d{4}|[０-９]{4}/);
    // An admin token is a partner here too; an HTTP batch of many operations, each naming one person, is refused each time.
    expect(code(await fed.query(`{ checkEligibility(subjectId: "${eligible}", offerId: "${OFFER}") { eligible } }`, undefined, { scopes: ["admin"] }))).toBe(
      "PRESENTATION_REQUIRED",
    );
    const token = await fed.token(["eligibility:check"], "batch-namer", undefined, [OFFER]);
    const batch = await fetch(fed.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "batch" },
      body: JSON.stringify(
        spellings
          .slice(0, 5)
          .map((id) => ({ query: `query($id: ID!) { checkEligibility(subjectId: $id, offerId: "${OFFER}") { eligible } }`, variables: { id } })),
      ),
    });
    const answers = (await batch.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] }[];
    expect(answers.map((a) => a.errors?.[0]?.extensions.code)).toEqual(Array(5).fill("PRESENTATION_REQUIRED"));
    expect(new Set(answers.map((a) => refusal(a))).size).toBe(1);
    // Many persons aliased in one operation: refused whole before any is read, the same for registered and unknown ones.
    const aliases = (ids: string[]) => `{ ${ids.map((id, i) => `c${i}: checkEligibility(subjectId: "${id}", offerId: "${OFFER}") { eligible }`).join(" ")} }`;
    const many = [
      await fed.query(aliases([eligible, ineligible, unregistered]), undefined, as),
      await fed.query(aliases([unknownX, unknownX.toLowerCase(), " x"]), undefined, as),
    ];
    expect(many.map(code)).toEqual(["OPERATION_TOO_COMPLEX", "OPERATION_TOO_COMPLEX"]);
    expect(refusal(many[0].body)).toBe(refusal(many[1].body));
    // An organisation is named by its public USCC, as before.
    const org = (await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, ANALYST)).body.data.subjects.nodes[0].id;
    const byUscc = await fed.query(`query($id: ID!) { checkEligibility(subjectId: $id, offerId: "${OFFER}") { eligible } }`, { id: org }, as);
    expect(byUscc.body.errors).toBeUndefined();
    expect(byUscc.body.data.checkEligibility.eligible).toBe(false); // the bus coupon is for persons
  });
});
