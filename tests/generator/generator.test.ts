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
    const ledger = rowsOf("redemptions", "incentives");
    const personUses = ledger.filter((r) => r.action === "USE" && r.subject_kind === "PERSON" && r.offer_kind !== "COUPON" && r.sign === 1);
    // ≈ 10 % of adult residents registered; benefit uses about a sixth of registrations (5万余人次 / 30万).
    expect(registrations.length / persons).toBeGreaterThan(0.07);
    expect(registrations.length / persons).toBeLessThan(0.13);
    expect(personUses.length / registrations.length).toBeGreaterThan(1 / 9);
    expect(personUses.length / registrations.length).toBeLessThan(1 / 3);
    // Every scenario of the catalogue is used; coupons are worth about 5 yuan.
    expect(new Set(ledger.filter((r) => r.action === "USE").map((r) => r.scenario)).size).toBe(13);
    const coupons = ledger.filter((r) => r.action === "USE" && r.offer_kind === "COUPON" && r.sign === 1);
    expect(coupons.length).toBeGreaterThan(5);
    expect(coupons.every((r) => r.amount_fen === 500)).toBe(true);
    // Only registered persons have a ledger.
    const registered = new Set(registrations.map((r) => r.subject_id));
    const personLedger = ledger.filter((r) => r.subject_kind === "PERSON");
    expect(personLedger.length).toBeGreaterThan(0);
    expect(personLedger.every((r) => registered.has(r.subject_id))).toBe(true);
  });
});
