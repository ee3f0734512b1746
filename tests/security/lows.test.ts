/**
 * The review's low findings (security issue 22), each by its class with several variants: person
 * IDs written other ways in responses, text the audit keeps, token subjects that look reserved,
 * who may read /metrics; and the narrow `ids:read` (reviewer M1): ID numbers, nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGateway } from "../../gateway/src/app.js";
import { mintToken } from "../../gateway/src/jwt.js";
import { parsePersonId } from "../../shared/ids.js";
import { createGatewayClient } from "../../shared/gateway-client.js";
import { PLATFORM_SCOPES } from "../../shared/scopes.js";
import { ANALYST, closeAll, firstSubject, startFederation, type AnyData, type Federation } from "../../testing/federation.js";

let fed: Federation;
let person: string;

beforeAll(async () => {
  fed = await startFederation({ subjects: 50 });
  person = await firstSubject(fed, "PERSON");
});
afterAll(() => closeAll(fed));

const fullWidth = (id: string) => [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
/** The response as a reader would read it: full-width folded, separators between digits dropped. */
const readable = (text: string) => text.normalize("NFKC").replace(/(?<=\d)[\s\-‐-―−.·/_]+(?=\d)/g, "");

describe("person IDs written other ways", () => {
  it("are masked in every part of a response for a caller without pii:read", async () => {
    const spellings = [
      `ID${person}`,
      `身份证${person}号`,
      fullWidth(person),
      `${person.slice(0, 6)} ${person.slice(6, 14)} ${person.slice(14)}`,
      `${person.slice(0, 6)}-${person.slice(6, 14)}-${person.slice(14)}`,
      `${person.slice(0, 17)}${person[17].toLowerCase()}x`,
    ];
    for (const spelling of spellings) {
      for (const [query, variables] of [
        [`query($id: ID!) { subject(id: $id) { kind } }`, { id: spelling }],
        [`{ subject(id: ${JSON.stringify(spelling)}) { kind } }`, undefined],
        [`query($c: String) { auditLog(caller: $c, first: 1) { totalCount } }`, { c: spelling }],
      ] as const) {
        const { body } = await fed.query(query, variables, { scopes: ["profile:read", "audit:read"], purpose: "lows", sub: "lows-reader" });
        const text = readable(JSON.stringify(body));
        expect(text, spelling).not.toContain(person);
        expect(text, spelling).not.toContain(person.slice(6, 14));
      }
    }
  });
});

describe("ids:read, the population snapshot's scope (reviewer M1)", () => {
  const PERSONS = `{ subjects(first: 60, filter: { kind: PERSON }) { nodes { id name phone village { household { address recentEvents { evidence } } } } } }`;
  /** What of the persons' data is personal beyond their ID: names, phones, household addresses, conduct evidence. */
  const personal = (nodes: AnyData[]) =>
    nodes.flatMap((n) => [n.name, n.phone, n.village?.household?.address, ...(n.village?.household?.recentEvents ?? []).map((e: AnyData) => e.evidence)]);

  it("unmasks ID numbers and nothing else: for a token minted with it, and for service:evaluation whatever it claims", async () => {
    const full = (await fed.query(PERSONS, undefined, ANALYST)).body.data.subjects.nodes;
    const secrets = personal(full).filter((v): v is string => typeof v === "string" && v.length > 1);
    expect(secrets.length).toBeGreaterThan(full.length * 2); // names and phones at least, and some households
    const minted = (await fed.query(PERSONS, undefined, { scopes: ["profile:read", "ids:read"], sub: "ids-reader", purpose: "M1" })).body;
    // The snapshot's own client, claiming pii:read too: the gateway grants the service its listed scopes only.
    const service = createGatewayClient(fed.gatewayUrl, fed.config.gatewaySecret, "evaluation", ["profile:read", "pii:read", "ids:read"]);
    const signed = await service<AnyData>(PERSONS, {}, { actingFor: "lows-test", purpose: "M1" });
    for (const [who, body] of [
      ["token", minted],
      ["service", signed],
    ] as const) {
      const nodes: AnyData[] = body.data?.subjects.nodes;
      expect(
        nodes.map((n) => n.id),
        who,
      ).toEqual(full.map((n: AnyData) => n.id));
      expect(
        nodes.every((n) => parsePersonId(n.id).ok),
        who,
      ).toBe(true);
      const shown = JSON.stringify(personal(nodes));
      for (const secret of secrets) expect(shown, `${who}: ${secret}`).not.toContain(JSON.stringify(secret));
    }
    // A name search still finds no person: names are not IDs.
    const name = full[0].name.slice(0, 2);
    const search = await fed.query(
      `query($p: String) { subjects(first: 5, filter: { namePrefix: $p }) { nodes { kind } } }`,
      { p: name },
      {
        scopes: ["profile:read", "ids:read"],
        purpose: "M1",
      },
    );
    expect(search.body.data.subjects.nodes.filter((n: AnyData) => n.kind === "PERSON")).toEqual([]);
    // Offered to no identity provider (the web app's sign-in and the demo provider grant these only).
    expect(PLATFORM_SCOPES).not.toContain("ids:read");
  });
});

describe("what the audit keeps", () => {
  it("a purpose is one line: line breaks and zero-width characters do not hide text; bidirectional controls are refused", async () => {
    const sub = "purpose-writer";
    for (const stated of ["核查\n贷款申请", "核查\u2028贷款申请", "核\u200B查\u200D 贷款申请", "核查　贷款申请", " 核查   贷款申请 "]) {
      const { status } = await fed.query(`{ subjects(first: 1) { totalCount } }`, undefined, { scopes: ["profile:read"], sub, purpose: stated });
      expect(status, JSON.stringify(stated)).toBe(200);
    }
    const { body } = await fed.query(`query($c: String) { auditLog(caller: $c, first: 5) { nodes { purpose } } }`, { c: sub }, { scopes: ["audit:read"] });
    const purposes = body.data.auditLog.nodes.map((n: { purpose: string }) => n.purpose);
    expect(purposes).toEqual(["核查 贷款申请", "核查 贷款申请", "核查 贷款申请", "核查 贷款申请", "核查 贷款申请"]);
    // Only blanks that look like text (Hangul fillers, the blank braille pattern, a lone combining mark) state nothing.
    for (const blank of ["\u2800", "\u3164", "\uFFA0", "\u115F", "\u034F", "\uFE0F", "\u0301", "\u200B\u2060"]) {
      const { body: refusedBody } = await fed.query(`{ subjects(first: 1) { totalCount } }`, undefined, { scopes: ["profile:read"], sub, purpose: blank });
      expect(refusedBody.errors?.[0]?.extensions?.code, JSON.stringify(blank)).toBe("PURPOSE_REQUIRED");
    }
    const bidi = await fed.query(`{ subjects(first: 1) { totalCount } }`, undefined, { scopes: ["profile:read"], sub, purpose: "核查\u202E请申款贷" });
    expect(bidi.status).toBe(400);
    expect(bidi.body.errors?.[0].extensions.code).toBe("BAD_REQUEST");
  });
});

describe("token subjects", () => {
  it("that look like a reserved one are refused; others are compared after NFKC", async () => {
    for (const sub of [
      "ѕervice:credit",
      "service：credit",
      "ＳＥＲＶＩＣＥ:credit",
      "servіce∶incentives",
      "anonymouѕ",
      "ΑNONYMOUS",
      // Confusables no table lists (found in review): any non-ASCII stand-in for a reserved letter.
      "seгvice:incentives",
      "serviϲe:credit",
      "ꜱervice:credit",
      "service։x",
      "service᛬x",
      "ᴀnonymous",
    ]) {
      const { status, body } = await fed.query(`{ __typename }`, undefined, { scopes: ["profile:read"], sub });
      expect(status, sub).toBe(401);
      expect(body.errors?.[0].extensions.code, sub).toBe("UNAUTHENTICATED");
    }
    // ｌｏｏｋｅｒ and looker are one caller: what one reads, the audit shows under the other's name.
    await fed.query(`{ subjects(first: 1) { totalCount } }`, undefined, { scopes: ["profile:read"], sub: "ｌｏｏｋｅｒ", purpose: "nfkc" });
    const { body } = await fed.query(`{ auditLog(caller: "looker", first: 1) { nodes { caller purpose } } }`, undefined, { scopes: ["audit:read"] });
    expect(body.data.auditLog.nodes).toEqual([{ caller: "looker", purpose: "nfkc" }]);
  });
});

describe("/metrics", () => {
  it("is open to loopback callers only; from another address it needs a token with metrics:read", async () => {
    const app = await buildGateway(fed.config, { logger: false });
    try {
      const get = (remoteAddress: string, scopes?: string[]) =>
        (async () =>
          app.inject({
            method: "GET",
            url: "/metrics",
            remoteAddress,
            headers: scopes ? { authorization: `Bearer ${await mintToken(fed.config.auth, { sub: "scraper", scopes, ttlSeconds: 60 })}` } : {},
          }))();
      for (const loopback of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) expect((await get(loopback)).statusCode, loopback).toBe(200);
      for (const other of ["10.0.0.7", "192.168.1.2", "::ffff:10.0.0.7", "2001:db8::1"]) {
        const anonymous = await get(other);
        expect(anonymous.statusCode, other).toBe(401);
        expect(anonymous.json().errors[0].extensions.code).toBe("UNAUTHENTICATED");
        expect((await get(other, ["profile:read"])).statusCode).toBe(403);
        const scraper = await get(other, ["metrics:read"]);
        expect(scraper.statusCode).toBe(200);
        expect(scraper.body).toContain("xinyi_http_request_duration_seconds");
      }
    } finally {
      await app.close();
    }
  });
});
