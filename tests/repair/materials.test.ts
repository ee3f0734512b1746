/**
 * Repair materials are what their bytes are (security issue 22, low): a declared type the bytes do
 * not show is refused with a coded error naming the material, and nothing is stored; file names
 * are kept as safe base names (reduced, not refused: no directories, no control or bidirectional
 * characters, no markup, NFC, bounded), whatever the client sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { reduceFileName } from "../../shared/file-name.js";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { ANALYST, startFederation, type As, type Federation } from "../../testing/federation.js";
import { recordTaxViolation } from "../../testing/repair.js";

const FILES = {
  pdf: Buffer.from("%PDF-1.4\n% test material\n"),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]),
  text: Buffer.from("罚款已缴清，这是一段文字，不是 PDF。\n"),
  html: Buffer.from("<html><script>alert(1)</script></html>"),
  almostPdf: Buffer.from("%PDF"),
};
const TYPES = ["FINE_RECEIPT", "APPLICATION_FORM", "COMMITMENT_LETTER", "IDENTITY_PAPERS"];
const material = (type: string, fileName: string, mimeType: string, bytes: Buffer) => ({ type, fileName, mimeType, contentBase64: bytes.toString("base64") });
const MATERIALS = TYPES.map((type) => material(type, `${type.toLowerCase()}.pdf`, "application/pdf", FILES.pdf));
const APPLY = `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id materials { type fileName sha256 size } } }`;

let fed: Federation;
let org: string;
const applicant = (): As => ({ sub: "agent-materials", scopes: ["repair:apply"], subjects: [org] });
const apply = (recordId: string, materials: unknown[]) =>
  fed.query(APPLY, { in: { subjectId: org, recordId, reason: "罚款已缴清", materials, commitment: "一年内不再发生同类违法行为" } }, applicant());

const record = (extra: { amount?: number; decidedOn?: string } = {}) => recordTaxViolation(fed, org, extra);

const storedMaterials = async () => {
  const { db } = createDatabase<CreditDB>({ department: "credit", dataDir: fed.config.dataDir, databaseUrl: fed.config.departments.credit.databaseUrl });
  try {
    return await db.selectFrom("repair_materials").select(["file_name", "mime_type"]).execute();
  } finally {
    await db.destroy();
  }
};

beforeAll(async () => {
  fed = await startFederation({ subjects: 60 });
  const page = await fed.query(`{ subjects(first: 40, filter: { kind: ORGANIZATION }) { nodes { id tax { violations { status } } } } }`, {}, ANALYST);
  org = page.body.data.subjects.nodes.find((n: any) => n.tax.violations.every((v: any) => v.status !== "ACTIVE")).id;
}, 180_000);
afterAll(async () => fed?.close());

describe("a material's declared type", () => {
  it.each([
    ["a PNG declared as PDF", "application/pdf", FILES.png, "image/png"],
    ["text declared as PDF", "application/pdf", FILES.text, "none of"],
    ["HTML declared as PDF", "application/pdf", FILES.html, "none of"],
    ["four bytes of %PDF declared as PDF", "application/pdf", FILES.almostPdf, "none of"],
    ["a JPEG declared as PNG", "image/png", FILES.jpeg, "image/jpeg"],
    ["a PDF declared as JPEG", "image/jpeg", FILES.pdf, "application/pdf"],
  ] as const)("that its bytes do not show is refused, naming the material, and nothing is stored: %s", async (_label, declared, bytes, shown) => {
    const id = await record();
    const before = await storedMaterials();
    const { body } = await apply(id, [...MATERIALS.slice(0, 3), material("IDENTITY_PAPERS", "身份证明.pdf", declared, bytes)]);
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe("BAD_USER_INPUT");
    const problems = body.errors?.[0].extensions.problems;
    expect(problems).toEqual([{ field: "materials[3].mimeType", message: expect.stringContaining(`IDENTITY_PAPERS "身份证明.pdf" is declared ${declared}`) }]);
    expect(problems?.[0].message).toContain(`its bytes are ${shown}`);
    expect(await storedMaterials()).toEqual(before);
  });

  it("that its bytes show is accepted for each type the rules take, and stored as that type", async () => {
    const { body } = await apply(await record(), [
      material("FINE_RECEIPT", "receipt.pdf", "application/pdf", FILES.pdf),
      material("APPLICATION_FORM", "form.png", "image/png", FILES.png),
      material("COMMITMENT_LETTER", "letter.jpg", "image/jpeg", FILES.jpeg),
      MATERIALS[3],
    ]);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const stored = await storedMaterials();
    const typeOf = (name: string) => stored.find((s) => s.file_name === name)?.mime_type;
    expect(["receipt.pdf", "form.png", "letter.jpg"].map(typeOf)).toEqual(["application/pdf", "image/png", "image/jpeg"]);
    expect(body.data.applyForCreditRepair.materials.map((m: any) => m.fileName).sort()).toEqual([
      "form.png",
      "identity_papers.pdf",
      "letter.jpg",
      "receipt.pdf",
    ]);
  });
});

describe("which materials a record needs", () => {
  const withoutReceipt = MATERIALS.filter((m) => m.type !== "FINE_RECEIPT");

  it("a fine receipt only where the decision fined", async () => {
    const unfined = await apply(await record(), withoutReceipt);
    expect(unfined.body.errors, JSON.stringify(unfined.body.errors)).toBeUndefined();
    const fined = await apply(await record({ amount: 500 }), withoutReceipt);
    expect(fined.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(fined.body.errors?.[0]?.extensions?.problems).toEqual([{ field: "materials", message: "missing FINE_RECEIPT" }]);
    const withReceipt = await apply(await record({ amount: 500 }), MATERIALS);
    expect(withReceipt.body.errors, JSON.stringify(withReceipt.body.errors)).toBeUndefined();
  });

  it("an application too early is refused as too early whatever its materials carry", async () => {
    const early = await record({ amount: 500, decidedOn: addMonths(todayInChina(), -1) });
    const { body } = await apply(early, [material("IDENTITY_PAPERS", "x.pdf", "application/pdf", FILES.text)]);
    expect(body.errors?.[0]?.extensions?.code).toBe("REPAIR_TOO_EARLY");
    expect(body.errors?.[0]?.extensions?.earliestDate).toBe(addMonths(addMonths(todayInChina(), -1), 3));
  });
});

describe("a material's file name", () => {
  const long = `${"长".repeat(150)}.pdf`;
  const variants: [string, string][] = [
    ["../../etc/passwd.pdf", "passwd.pdf"],
    ["C:\\x\\a.pdf", "a.pdf"],
    ["<img src=x onerror=alert(1)>.pdf", "_img src=x onerror=alert(1)_.pdf"],
    // The extension is the one its bytes show (a PDF named .exe is kept as .pdf).
    ["收据\u202Efdp.exe", "收据fdp.pdf"],
    ["\\\\server\\share\\..\\.hidden.pdf", "hidden.pdf"],
    ["a\u0000b\u0007\u200B\u2066.pdf", "ab.pdf"],
    ['Cafe\u0301 "O\'Brien" & Co.pdf', "Café _O_Brien_ _ Co.pdf"],
    [long, `${"长".repeat(96)}.pdf`],
  ];

  it("is reduced to a safe base name: what is stored, audited and shown back", async () => {
    for (let i = 0; i < variants.length; i += 4) {
      const batch = variants.slice(i, i + 4);
      const { body } = await apply(
        await record(),
        batch.map(([name], j) => material(TYPES[j], name, "application/pdf", FILES.pdf)),
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      const kept = Object.fromEntries(body.data.applyForCreditRepair.materials.map((m: any) => [m.type, m.fileName]));
      expect(batch.map((_, j) => kept[TYPES[j]])).toEqual(batch.map(([, name]) => name));
    }
    const stored = (await storedMaterials()).map((s) => s.file_name);
    for (const [, kept] of variants) expect(stored).toContain(kept);
    for (const name of stored) {
      expect(name).not.toMatch(/[/\\<>"'&\p{Cc}\p{Cf}]/u);
      expect(name).toBe(name.normalize("NFC"));
      expect([...name].length).toBeLessThanOrEqual(100);
    }
    const audit = await fed.query(
      `query($id: ID!) { auditLog(subjectId: $id, first: 50) { nodes { changes { after } } } }`,
      { id: org },
      { scopes: ["audit:read", "pii:read"] },
    );
    const text = JSON.stringify(audit.body);
    expect(text).toContain("passwd.pdf");
    expect(text).not.toContain("../");
    expect(text).not.toContain("onerror=alert(1)>");
    expect(text).not.toContain("\u202E");
  });

  it("with nothing left once reduced is refused, naming the material", async () => {
    const id = await record();
    for (const name of ["..", "dir/", "C:\\docs\\", " \u202E ", "\u200B.\u0000"]) {
      const { body } = await apply(id, [...MATERIALS.slice(0, 3), material("IDENTITY_PAPERS", name, "application/pdf", FILES.pdf)]);
      expect(body.errors?.[0]?.extensions?.problems, name).toEqual([
        { field: "materials[3].fileName", message: "has no file name left once reduced to a safe base name" },
      ]);
    }
  });

  it("keeps a long name's extension and nothing past the bound (the function itself)", () => {
    expect(reduceFileName("f", `${"a".repeat(200)}.jpeg`).name).toBe(`${"a".repeat(95)}.jpeg`);
    expect(reduceFileName("f", `${"a".repeat(200)}`).name).toBe("a".repeat(100));
    expect(reduceFileName("f", "报告.pdf").name).toBe("报告.pdf");
  });
});
