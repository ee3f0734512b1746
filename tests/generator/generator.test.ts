/**
 * The synthetic Huzhou: deterministic, valid and unique identifiers with real district codes, and
 * departments that agree with each other about who is risky.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HUZHOU_DISTRICTS } from "../../shared/divisions.js";
import { parseSubjectId } from "../../shared/ids.js";
import { generatePopulation } from "../../scripts/generate/population.js";
import type { RepairedRecord } from "../../shared/seeding/seeder.js";
import { SEEDERS } from "../../subgraphs/registry.js";

const AS_OF = "2026-11-01";

function generate(count: number, seed: string) {
  const subjects = [...generatePopulation({ count, seed, asOf: AS_OF })];
  const order = [...SEEDERS].sort((a, b) => Number(a.name === "credit") - Number(b.name === "credit"));
  for (const s of order) s.start?.();
  const rows = subjects.map((subject) => {
    const repaired: RepairedRecord[] = [];
    const bySeeder: Record<string, Record<string, object[]>> = {};
    for (const s of order) {
      const g = s.generate(subject, AS_OF, repaired);
      repaired.push(...(g.repaired ?? []));
      bySeeder[s.name] = g.rows;
    }
    return { subject, rows: bySeeder };
  });
  return rows;
}

const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

describe("the generator", () => {
  const population = generate(6000, "huzhou");

  it("never embeds a subject's identifier in a record id or document number (regression: HR-<ID number>-1)", () => {
    let checked = 0;
    const ids = new Set<string>();
    for (const { subject, rows } of population) {
      for (const tables of Object.values(rows)) {
        for (const [table, list] of Object.entries(tables)) {
          if (table === "subjects") continue;
          for (const row of list as { id: string; document_no?: string }[]) {
            for (const value of [row.id, row.document_no ?? ""]) {
              expect(value).not.toContain(subject.id);
              expect(value).not.toContain(subject.id.slice(6, 14)); // not even the birth date / registration part
            }
            expect(ids.has(row.id), row.id).toBe(false);
            ids.add(row.id);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("is deterministic: the same seed gives the same rows, another seed other ones", () => {
    expect(digest(generate(300, "huzhou"))).toBe(digest(population.slice(0, 300)));
    expect(digest(generate(300, "elsewhere"))).not.toBe(digest(population.slice(0, 300)));
  });

  it("makes valid, unique IDs with Huzhou's district codes", () => {
    const ids = population.map((p) => p.subject.id);
    expect(new Set(ids).size).toBe(ids.length);
    const codes = new Set<string>(HUZHOU_DISTRICTS.map((d) => d.code));
    for (const id of ids) {
      const parsed = parseSubjectId(id);
      expect(parsed.ok, id).toBe(true);
      if (parsed.ok) expect(codes.has(parsed.value.divisionCode), id).toBe(true);
    }
  });

  it("keeps departments consistent: dishonest debtors owe more, abnormal-operations firms are penalised more", () => {
    const has = (rows: Record<string, object[]>, table: string, where: (r: any) => boolean = () => true) => (rows[table] ?? []).some(where);
    const rate = (group: typeof population, test: (p: (typeof population)[number]) => boolean) => group.filter(test).length / Math.max(1, group.length);

    const persons = population.filter((p) => p.subject.kind === "PERSON");
    const debtor = (p: (typeof population)[number]) => has(p.rows.credit, "list_entries", (e) => e.list === "DISHONEST_JUDGMENT_DEBTOR");
    const owes = (p: (typeof population)[number]) =>
      has(p.rows.tax, "tax_arrears") ||
      has(p.rows.health, "health_records") ||
      has(p.rows.transport, "transport_records", (r) => r.category === "PARKING_ARREARS" || r.category === "FARE_EVASION");
    const debtors = persons.filter(debtor);
    expect(debtors.length).toBeGreaterThan(10);
    expect(rate(debtors, owes)).toBeGreaterThan(
      2 *
        rate(
          persons.filter((p) => !debtor(p)),
          owes,
        ),
    );

    const firms = population.filter((p) => p.subject.kind === "ORGANIZATION");
    const abnormal = (p: (typeof population)[number]) => has(p.rows.market, "market_records", (r) => r.category === "ABNORMAL_OPERATIONS");
    const penalised = (p: (typeof population)[number]) =>
      has(p.rows.market, "market_records", (r) => r.category === "ADMINISTRATIVE_PENALTY") || has(p.rows.tax, "tax_violations");
    expect(rate(firms.filter(abnormal), penalised)).toBeGreaterThan(
      2 *
        rate(
          firms.filter((p) => !abnormal(p)),
          penalised,
        ),
    );
  });

  it("gives the demo 信易+ activity in the article's proportions, every scenario used", () => {
    const demo = generate(2000, "huzhou"); // npm start's first run
    const rowsOf = (table: string, department: string) => demo.flatMap((d) => (d.rows[department][table] ?? []) as any[]);
    const persons = demo.filter((d) => d.subject.kind === "PERSON").length;
    const registrations = rowsOf("code_registrations", "credit");
    const current = registrations.filter((r) => r.status === "ACTIVE").length;
    const ledger = rowsOf("redemptions", "incentives");
    const personUses = ledger.filter((r) => r.action === "USE" && r.subject_kind === "PERSON" && r.sign === 1);
    const coupons = personUses.filter((r) => r.offer_kind === "COUPON");
    // ≈ 10 % of adult residents registered; persons' uses of every scenario, 信易行's coupons among
    // them, about a sixth of current registrations (5万余人次 / 30余万), the coupons a tenth (3万余人次).
    expect(registrations.length / persons).toBeGreaterThan(0.07);
    expect(registrations.length / persons).toBeLessThan(0.13);
    expect(personUses.length / current).toBeGreaterThan(1 / 8);
    expect(personUses.length / current).toBeLessThan(1 / 5);
    expect(coupons.length / current).toBeGreaterThan(0.06);
    expect(coupons.length / current).toBeLessThan(0.14);
    // Every scenario of the catalogue is used; coupons are worth about 5 yuan (15.61万元 / 3万余人次).
    expect(new Set(ledger.filter((r) => r.action === "USE").map((r) => r.scenario)).size).toBe(13);
    const yuanPerCoupon = coupons.reduce((s, r) => s + r.amount_fen, 0) / 100 / coupons.length;
    expect(yuanPerCoupon).toBeGreaterThan(4);
    expect(yuanPerCoupon).toBeLessThan(6.5);
    // The transport bureau's 信易行 uses are the ledger's coupon uses (before: its own, ≈ 100× as many).
    const rides = rowsOf("transport_coupon_uses", "transport");
    const asKey = (subject: string, day: string, fen: number) => `${subject} ${day} ${fen}`;
    expect(rides.map((r) => asKey(r.subject_id, r.used_on, r.discount_fen)).sort()).toEqual(
      coupons.map((r) => asKey(r.subject_id, r.redeemed_on, r.amount_fen)).sort(),
    );
    // Only registered persons have a ledger.
    const registered = new Set(registrations.map((r) => r.subject_id));
    const personLedger = ledger.filter((r) => r.subject_kind === "PERSON");
    expect(personLedger.length).toBeGreaterThan(0);
    expect(personLedger.every((r) => registered.has(r.subject_id))).toBe(true);
  });

  it("gives persons commitments, the 诚信码's core: most registered persons, a few others, some broken", () => {
    const commitments = population.flatMap((p) => (p.subject.kind === "PERSON" ? (p.rows.credit.commitments as any[]) : []));
    const registered = new Set(population.flatMap((p) => (p.rows.credit.code_registrations as any[]).map((r) => r.subject_id)));
    const holders = new Set(commitments.map((c) => c.subject_id));
    expect([...registered].filter((id) => holders.has(id)).length / registered.size).toBeGreaterThan(0.6);
    expect(commitments.filter((c) => c.fulfilment === "FULFILLED").length).toBeGreaterThan(100);
    expect(commitments.filter((c) => c.fulfilment === "BREACHED").length).toBeGreaterThan(10);
  });
});
