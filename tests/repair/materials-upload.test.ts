/**
 * Repair materials a phone photo fits (issue 24, item 4), end to end through the real gateway over
 * HTTP: `POST /repair-materials` through the bounded upload path, the upload used in
 * `applyForCreditRepair` by its `uploadId`, `GET /repair-materials/<id>` for the reviewers.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { materialStore, sweepStore } from "../../shared/repair-material-store.js";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import { ANALYST, startFederation, type As, type Federation } from "../../testing/federation.js";
import { REPAIR_MATERIALS, recordTaxViolation } from "../../testing/repair.js";

/** A JPEG as a phone takes it, 3 MB: SOI, a JFIF header, the scan, EOI. */
const PHOTO = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]),
  randomBytes(3_000_000 - 18),
  Buffer.from([0xff, 0xd9]),
]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...randomBytes(2000)]);
const OTHERS = REPAIR_MATERIALS.filter((m) => m.type !== "FINE_RECEIPT");
const APPLY = `mutation($in: ApplyForCreditRepairInput!) {
  applyForCreditRepair(input: $in) { id status materials { id type fileName mimeType sha256 size } } }`;

let fed: Federation;
let org: string;
let other: string;
const applicant = (): As => ({ sub: "agent-upload", scopes: ["repair:apply"], subjects: [org] });
const otherApplicant = (): As => ({ sub: "agent-other", scopes: ["repair:apply"], subjects: [other] });

const tokenOf = (as: As) => fed.token(as.scopes ?? [], as.sub, 600, undefined, as.subjects);

async function upload(bytes: Buffer, type: string, as?: As) {
  const headers: Record<string, string> = { "content-type": type };
  if (as) headers.authorization = `Bearer ${await tokenOf(as)}`;
  const response = await fetch(`${fed.gatewayUrl.replace(/\/graphql$/, "")}/repair-materials`, { method: "POST", headers, body: new Uint8Array(bytes) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function download(id: string, as?: As) {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${await tokenOf(as)}`;
  const response = await fetch(`${fed.gatewayUrl.replace(/\/graphql$/, "")}/repair-materials/${id}`, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const apply = (subjectId: string, recordId: string, materials: unknown[], as: As) =>
  fed.query(APPLY, { in: { subjectId, recordId, reason: "罚款已缴清", materials, commitment: "一年内不再发生同类违法行为" } }, as);

const record = (subjectId: string, decidedOn = addMonths(todayInChina(), -4)) => recordTaxViolation(fed, subjectId, { decidedOn, amount: 500 });

/** Every file in the store's upload folder, temporary ones included. */
const storedUploads = () => {
  const dir = materialStore(fed.config.dataDir).uploads;
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

beforeAll(async () => {
  fed = await startFederation({ subjects: 60 });
  const page = await fed.query(`{ subjects(first: 40, filter: { kind: ORGANIZATION }) { nodes { id tax { violations { status } } } } }`, {}, ANALYST);
  const clean = page.body.data.subjects.nodes.filter((n: any) => n.tax.violations.every((v: any) => v.status !== "ACTIVE"));
  [org, other] = clean.map((n: any) => n.id);
  expect(other).toBeDefined();
}, 180_000);
afterAll(async () => fed?.close());

describe("a phone photo of a fine receipt", () => {
  it("is uploaded (3 MB JPEG), used in an application that is accepted, and downloaded by the reviewing department only", async () => {
    const up = await upload(PHOTO, "image/jpeg", applicant());
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const sha256 = createHash("sha256").update(PHOTO).digest("hex");
    expect(up.body).toMatchObject({ sha256, size: PHOTO.length, mimeType: "image/jpeg" });
    expect(storedUploads()).toEqual([sha256]);

    const receipt = { type: "FINE_RECEIPT", fileName: "缴款凭证 330502199001011236.jpg", uploadId: up.body.uploadId };
    const { body } = await apply(org, await record(org), [receipt, ...OTHERS], applicant());
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const filed = body.data.applyForCreditRepair;
    expect(filed.status).toBe("PENDING");
    const photo = filed.materials.find((m: any) => m.type === "FINE_RECEIPT");
    expect(photo).toMatchObject({ mimeType: "image/jpeg", sha256, size: PHOTO.length });

    // The tax office reviews a tax record's application: it downloads the bytes as filed.
    const reviewer = await download(photo.id, { sub: "tax-clerk", scopes: ["dept:tax"] });
    expect(reviewer.status).toBe(200);
    expect(reviewer.bytes.equals(PHOTO)).toBe(true);
    expect(reviewer.headers.get("content-type")).toBe("image/jpeg");
    expect(reviewer.headers.get("x-content-type-options")).toBe("nosniff");
    // Without pii:read the person ID in the file name is masked in the header too; with it, not.
    const name = (h: Headers) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(h.get("content-disposition") ?? "")?.[1] ?? "");
    expect(name(reviewer.headers)).toBe("缴款凭证 330502********1236.jpg");
    expect(reviewer.headers.get("content-disposition")).not.toContain("19900101");
    const unmasked = await download(photo.id, { sub: "tax-lead", scopes: ["dept:tax", "pii:read"] });
    expect(name(unmasked.headers)).toBe("缴款凭证 330502199001011236.jpg");
    expect((await download(photo.id, { sub: "credit-clerk", scopes: ["dept:credit"] })).status).toBe(200);

    // Another department, the applicant itself, an analyst, no token: refused with a code.
    const refusals: [As | undefined, number, string][] = [
      [{ sub: "market-clerk", scopes: ["dept:market"] }, 403, "FORBIDDEN"],
      [applicant(), 403, "FORBIDDEN"],
      [{ sub: "analyst", scopes: ["profile:read"], purpose: "x" }, 403, "FORBIDDEN"],
      [undefined, 401, "UNAUTHORIZED"],
    ];
    for (const [as, status, code] of refusals) {
      const refused = await download(photo.id, as);
      expect([refused.status, JSON.parse(refused.bytes.toString()).errors[0].extensions.code], JSON.stringify(as)).toEqual([status, code]);
      expect(refused.bytes.includes(PHOTO.subarray(0, 64))).toBe(false);
    }

    // The reviewer's read is in the subject's audit log.
    const audit = await fed.query(
      `query($id: ID!) { auditLog(subjectId: $id, first: 50) { nodes { caller fields } } }`,
      { id: org },
      { scopes: ["audit:read", "pii:read"] },
    );
    expect(audit.body.data.auditLog.nodes.some((n: any) => n.caller === "tax-clerk" && n.fields.some((f: string) => f.includes("repairMaterial")))).toBe(true);
  });

  it("keeps the too-early refusal first: REPAIR_TOO_EARLY with its earliest date, whatever the upload", async () => {
    const up = await upload(PHOTO, "image/jpeg", applicant());
    expect(up.status).toBe(201);
    const decided = addMonths(todayInChina(), -1);
    const early = await record(org, decided);
    for (const uploadId of [up.body.uploadId, "not-an-upload"]) {
      const { body } = await apply(org, early, [{ type: "FINE_RECEIPT", fileName: "receipt.jpg", uploadId }, ...OTHERS], applicant());
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe("REPAIR_TOO_EARLY");
      expect(body.errors?.[0]?.extensions?.earliestDate).toBe(addMonths(decided, 3));
    }
  });
});

describe("an upload is refused", () => {
  it("without a token that may apply for repair, before anything is stored", async () => {
    const before = storedUploads();
    const anonymous = await upload(PNG, "image/png");
    expect([anonymous.status, anonymous.body.errors?.[0]?.extensions?.code]).toEqual([401, "UNAUTHORIZED"]);
    const wrongScope = await upload(PNG, "image/png", { sub: "tax-clerk", scopes: ["dept:tax", "profile:read"] });
    expect([wrongScope.status, wrongScope.body.errors?.[0]?.extensions?.code]).toEqual([403, "FORBIDDEN"]);
    expect(wrongScope.body.errors[0].message).toContain("repair:apply");
    const badToken = await fetch(`${fed.gatewayUrl.replace(/\/graphql$/, "")}/repair-materials`, {
      method: "POST",
      headers: { "content-type": "image/png", authorization: "Bearer not.a.token" },
      body: new Uint8Array(PNG),
    });
    expect(badToken.status).toBe(401);
    expect(storedUploads()).toEqual(before);
  });

  it("when its bytes are not the declared type, and nothing is stored", async () => {
    const before = storedUploads();
    for (const [bytes, declared, shown] of [
      [PNG, "image/jpeg", "image/png"],
      [PHOTO.subarray(0, 5000), "application/pdf", "image/jpeg"],
      [Buffer.from("<html><script>alert(1)</script></html>"), "image/png", "none of"],
    ] as const) {
      const refused = await upload(Buffer.from(bytes), declared, applicant());
      expect([refused.status, refused.body.errors?.[0]?.extensions?.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
      expect(refused.body.errors[0].message).toContain(`declared ${declared} but its bytes are ${shown}`);
    }
    expect(storedUploads()).toEqual(before);
  });

  it("over the size limit, before it is stored: declared, streamed without a length, or cut off mid-way", async () => {
    const before = storedUploads();
    const limit = fed.config.uploads.maxBytes;
    const url = new URL(`${fed.gatewayUrl.replace(/\/graphql$/, "")}/repair-materials`);
    const auth = `Bearer ${await tokenOf(applicant())}`;
    const send = (headers: Record<string, string>, chunks: number, abort = false) =>
      new Promise<{ status: number; body: string } | "aborted">((resolve) => {
        const request = http.request(url, { method: "POST", headers: { "content-type": "image/jpeg", authorization: auth, ...headers } }, (response) => {
          let body = "";
          response.on("data", (c) => (body += c));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        });
        request.on("error", () => resolve("aborted"));
        const chunk = Buffer.concat([PHOTO.subarray(0, 16), Buffer.alloc(1024 * 1024 - 16)]);
        let sent = 0;
        const more = () => {
          if (sent === chunks) return abort ? setTimeout(() => request.destroy(), 200) : request.end();
          sent++;
          if (request.write(chunk)) setImmediate(more);
          else request.once("drain", more);
        };
        more();
      });
    const declared = await send({ "content-length": String(limit + 1) }, 0);
    expect(declared !== "aborted" && [declared.status, JSON.parse(declared.body).errors[0].extensions.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    const streamed = await send({}, Math.ceil(limit / (1024 * 1024)) + 1);
    if (streamed !== "aborted") expect(streamed.status).toBe(413);
    await send({}, 2, true);
    // Give the gateway its moment to see the reset and remove what it had written.
    for (let i = 0; i < 50 && storedUploads().join() !== before.join(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(storedUploads()).toEqual(before);
    expect(fs.readdirSync(path.dirname(materialStore(fed.config.dataDir).uploads)).sort()).toEqual(
      fs.existsSync(materialStore(fed.config.dataDir).materials) ? ["materials", "uploads"] : ["uploads"],
    );
  });
});

describe("an upload belongs to whoever uploaded it", () => {
  it("cannot be used by another applicant, nor with its handle altered", async () => {
    const mine = await upload(PHOTO, "image/jpeg", applicant());
    expect(mine.status).toBe(201);
    const theirRecord = await record(other);
    const [sha, seal] = String(mine.body.uploadId).split(".");
    for (const uploadId of [mine.body.uploadId, sha, `${sha}.${seal.slice(0, -2)}AA`]) {
      const { body } = await apply(other, theirRecord, [{ type: "FINE_RECEIPT", fileName: "receipt.jpg", uploadId }, ...OTHERS], otherApplicant());
      expect(body.errors?.[0]?.extensions?.code, uploadId).toBe("BAD_USER_INPUT");
      expect(body.errors?.[0]?.extensions?.problems).toEqual([
        { field: "materials[0].uploadId", message: expect.stringContaining("is not an upload of this token") },
      ]);
    }
    // The uploader itself may use it (and base64 still works beside it).
    const { body } = await apply(
      org,
      await record(org),
      [{ type: "FINE_RECEIPT", fileName: "receipt.jpg", uploadId: mine.body.uploadId }, ...OTHERS],
      applicant(),
    );
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  });
});

describe("one upload cannot be made to cost a file read per material (F1)", () => {
  it("refuses more materials than the rules' maxCount, and an upload named twice, before any file is read", async () => {
    const recordId = await record(org);
    // Eleven handles that name no upload: only the count is reported, so none of them was opened.
    const many = Array.from({ length: 11 }, () => ({ type: "OTHER", fileName: "page.jpg", uploadId: "not-an-upload" }));
    const tooMany = await apply(org, recordId, many, applicant());
    expect(tooMany.body.errors?.[0]?.extensions?.code, JSON.stringify(tooMany.body)).toBe("BAD_USER_INPUT");
    expect(tooMany.body.errors?.[0]?.extensions?.problems).toEqual([{ field: "materials", message: "11 materials is over the limit of 10" }]);

    const up = await upload(PHOTO, "image/jpeg", applicant());
    expect(up.status).toBe(201);
    const twice = [
      { type: "FINE_RECEIPT", fileName: "receipt.jpg", uploadId: up.body.uploadId },
      { type: "OTHER", fileName: "receipt again.jpg", uploadId: up.body.uploadId },
      ...OTHERS,
    ];
    const repeated = await apply(org, recordId, twice, applicant());
    expect(repeated.body.errors?.[0]?.extensions?.code, JSON.stringify(repeated.body)).toBe("BAD_USER_INPUT");
    expect(repeated.body.errors?.[0]?.extensions?.problems).toEqual([{ field: "materials[1].uploadId", message: expect.stringContaining("materials[0]") }]);
  });

  it("refuses a second application for a record with one pending (CONFLICT) before its materials are read; the kept name has its bytes' extension", async () => {
    const recordId = await record(org);
    const up = await upload(PHOTO, "image/jpeg", applicant());
    const first = await apply(org, recordId, [{ type: "FINE_RECEIPT", fileName: "receipt.html", uploadId: up.body.uploadId }, ...OTHERS], applicant());
    expect(first.body.errors, JSON.stringify(first.body.errors)).toBeUndefined();
    const photo = first.body.data.applyForCreditRepair.materials.find((m: any) => m.type === "FINE_RECEIPT");
    expect(photo.fileName).toBe("receipt.jpg");
    const served = await download(photo.id, { sub: "tax-clerk", scopes: ["dept:tax"] });
    expect(served.headers.get("content-disposition")).toContain('filename="receipt.jpg"');

    const again = await apply(org, recordId, [{ type: "FINE_RECEIPT", fileName: "receipt.jpg", uploadId: "not-an-upload" }, ...OTHERS], applicant());
    expect(again.body.errors?.[0]?.extensions?.code, JSON.stringify(again.body)).toBe("CONFLICT");
  });
});

describe("the store's sweep (F2)", () => {
  it("removes uploads never filed and crashed temporary files older than the keep time; filed materials and young uploads stay", async () => {
    const store = materialStore(fed.config.dataDir);
    fs.mkdirSync(store.materials, { recursive: true });
    const day = 24 * 3600 * 1000;
    const old = new Date(Date.now() - day - 60_000);
    const file = (folder: string, name: string, age?: Date) => {
      const where = path.join(folder, name);
      fs.writeFileSync(where, PNG);
      if (age) fs.utimesSync(where, age, age);
      return where;
    };
    const abandoned = file(store.uploads, "a".repeat(64), old);
    const crashed = file(store.uploads, ".part-crashed", old);
    const crashedMaterial = file(store.materials, ".part-crashedmaterial", old);
    const young = file(store.uploads, "b".repeat(64));
    // A filed material is a hard link to its upload: the upload goes, the material stays whole.
    const filedUpload = file(store.uploads, "c".repeat(64), old);
    const material = path.join(store.materials, `RM-${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}`);
    fs.linkSync(filedUpload, material);

    expect(await sweepStore(fed.config.dataDir, day)).toBe(4);
    for (const gone of [abandoned, crashed, crashedMaterial, filedUpload]) expect(fs.existsSync(gone), gone).toBe(false);
    expect(fs.existsSync(young)).toBe(true);
    expect(fs.readFileSync(material).equals(PNG)).toBe(true);
    fs.rmSync(young);
    fs.rmSync(material);
  });
});
