/**
 * An application's materials: checked against the repair rules, then kept. A material is either
 * small enough to travel base64 in the mutation (`contentBase64`, inside GraphQL's 64 KiB body), or
 * uploaded before through the gateway (`POST /repair-materials`, gateway/src/materials-route.ts) and
 * named by its `uploadId`: the hash of a file in the data folder's store, sealed for the token
 * subject and `subjects` claim that uploaded it (shared/repair-material-store.ts). Either way the
 * bytes are what is believed — the type they show (sniffed), their size against the rules' maxBytes —
 * and what reviewers download is the material's own file, `materials/<id>`, written (or linked to
 * its upload) before the application's row is committed.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { reduceFileName } from "../../../shared/file-name.js";
import { SNIFF_BYTES, type SniffedType, sniff } from "../../../shared/file-type.js";
import { materialPath, materialStore, openUpload, temporaryBeside, completeFile, uploadPath, writeWhole } from "../../../shared/repair-material-store.js";
import type { Caller } from "../../../shared/caller.js";
import type { Config } from "../../../shared/config.js";
import type { RepairMaterialRow, RepairRow } from "../db.js";
import { activeRepairRules, MATERIAL_TYPES } from "./repair-rules.js";
import type { ApplyForCreditRepairInput, RepairMaterial } from "./repair.type.js";

type Problem = { field: string; message: string };
type MaterialInput = ApplyForCreditRepairInput["materials"][number];
/** A material as it will be stored; `content` "" means its bytes are in the store (an upload). */
type CheckedMaterial = Omit<RepairMaterialRow, "id" | "repair_id">;

/** What a stored upload holds: its size, the type its first bytes show, its hash as read back. */
async function readUpload(file: string) {
  const hash = createHash("sha256");
  let head = Buffer.alloc(0);
  let size = 0;
  await pipeline(fs.createReadStream(file), async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) {
      if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
      size += chunk.length;
      hash.update(chunk);
    }
  });
  return { size, sniffed: sniff(head), sha256: hash.digest("hex") };
}

/** The bytes a material names — its base64, or its upload's file — with the problems found. */
async function bytesOf(m: MaterialInput, field: string, caller: Caller, config: Config) {
  const problems: Problem[] = [];
  const given = [m.contentBase64, m.uploadId].filter((v) => v != null && v !== "").length;
  if (given !== 1) return { problems: [{ field, message: "give the file as contentBase64 or as uploadId (POST /repair-materials), one of them" }] };
  if (m.uploadId) {
    const sha256 = openUpload(config.gatewaySecret, m.uploadId, caller);
    const file = sha256 && uploadPath(config.dataDir, sha256);
    // Another caller's upload, a handle made up or altered: all the same to the applicant.
    const upload = file ? await readUpload(file).catch(() => undefined) : undefined;
    if (!upload || upload.sha256 !== sha256)
      return {
        problems: [{ field: `${field}.uploadId`, message: "is not an upload of this token (an upload is used by the token subject that uploaded it)" }],
      };
    return { problems, size: upload.size, sniffed: upload.sniffed, sha256, content: "" };
  }
  const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(m.contentBase64 ?? "") ? Buffer.from(m.contentBase64!, "base64") : undefined;
  if (!bytes || bytes.length === 0) return { problems: [{ field: `${field}.contentBase64`, message: "must be a non-empty base64 file" }] };
  return { problems, size: bytes.length, sniffed: sniff(bytes), sha256: createHash("sha256").update(bytes).digest("hex"), content: m.contentBase64! };
}

/**
 * The list's own problems, found before any file is read: more materials than the rules'
 * `maxCount`, or one upload named twice (each named upload is read and hashed whole).
 */
export function checkMaterialList(materials: readonly MaterialInput[]): Problem[] {
  const { maxCount } = activeRepairRules().materials;
  if (materials.length > maxCount) return [{ field: "materials", message: `${materials.length} materials is over the limit of ${maxCount}` }];
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  for (const [i, m] of materials.entries()) {
    if (!m.uploadId) continue;
    const seen = first.get(m.uploadId);
    if (seen === undefined) first.set(m.uploadId, i);
    else problems.push({ field: `materials[${i}].uploadId`, message: `is materials[${seen}]'s upload already: name each upload once` });
  }
  return problems;
}

/** The extension of the type a file's bytes show: a stored name never keeps the applicant's own (a JPEG named x.html is x.jpg). */
const EXTENSIONS: Record<SniffedType, string> = { "image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf" };
const named = (name: string, shown: SniffedType | undefined) =>
  shown ? `${[...name.replace(/(?<=.)\.[A-Za-z0-9]{1,10}$/, "")].slice(0, 96).join("")}${EXTENSIONS[shown]}` : name;

/**
 * The materials as they will be stored, with every problem: a type the rules take, the type its
 * bytes show (a PNG or a text declared application/pdf is refused, naming the material; an upload
 * declares no type or its own), within the size limit; the file name reduced to a safe base name
 * (shared/file-name.ts) with the extension of the type its bytes show, which is what the application
 * shows back and what a download is named; every required type present (a
 * fine receipt only where the decision fined).
 */
export async function checkMaterials(materials: MaterialInput[], fined: boolean, caller: Caller, config: Config) {
  const rules = activeRepairRules().materials;
  const accepted: readonly string[] = rules.mimeTypes;
  const problems: Problem[] = [];
  const rows: CheckedMaterial[] = [];
  for (const [i, m] of materials.entries()) {
    const field = `materials[${i}]`;
    const name = reduceFileName(`${field}.fileName`, m.fileName, 100);
    if (name.problem) problems.push(name.problem);
    if (!MATERIAL_TYPES.some((type) => type === m.type)) problems.push({ field: `${field}.type`, message: `must be one of ${MATERIAL_TYPES.join(", ")}` });
    const declared = m.mimeType ?? (m.uploadId ? undefined : "");
    if (declared !== undefined && !accepted.includes(declared))
      problems.push({ field: `${field}.mimeType`, message: `${declared || "(none)"} is not accepted; one of ${accepted.join(", ")}` });
    const bytes = await bytesOf(m, field, caller, config);
    problems.push(...bytes.problems);
    if (bytes.size === undefined) continue;
    const where = m.uploadId ? `${field}.uploadId` : `${field}.contentBase64`;
    if (bytes.size > rules.maxBytes) problems.push({ field: where, message: `${bytes.size} bytes is over the limit of ${rules.maxBytes}` });
    const shown = bytes.sniffed;
    if (declared !== undefined && accepted.includes(declared) && shown !== declared) {
      problems.push({
        field: `${field}.mimeType`,
        message: `${m.type} "${name.name}" is declared ${declared} but its bytes are ${shown ?? `none of ${accepted.join(", ")}`}`,
      });
    } else if (declared === undefined && (!shown || !accepted.includes(shown))) {
      problems.push({ field: where, message: `${m.type} "${name.name}" is ${shown ?? `none of ${accepted.join(", ")}`}` });
    }
    rows.push({ type: m.type, file_name: named(name.name, shown), mime_type: shown ?? "", size: bytes.size, sha256: bytes.sha256, content: bytes.content });
  }
  const required = [...rules.required, ...(fined ? rules.requiredWhenFined : [])];
  const missing = required.filter((t) => !materials.some((m) => m.type === t));
  if (missing.length > 0) problems.push({ field: "materials", message: `missing ${missing.join(", ")}` });
  return { problems, rows };
}

/** A material's own file (what reviewers download): linked to its upload, or written from its base64. */
export async function keepMaterialFile(dataDir: string, row: RepairMaterialRow): Promise<string> {
  const final = materialPath(dataDir, row.id)!;
  if (fs.existsSync(final)) return final;
  await fs.promises.mkdir(materialStore(dataDir).materials, { recursive: true });
  if (row.content !== "") {
    await writeWhole(final, Buffer.from(row.content, "base64"));
    return final;
  }
  // One file on disk for the upload and the material: a hard link (a copy where links are not possible), named whole.
  const temporary = temporaryBeside(final);
  try {
    await fs.promises.link(uploadPath(dataDir, row.sha256)!, temporary).catch(() => fs.promises.copyFile(uploadPath(dataDir, row.sha256)!, temporary));
    await completeFile(temporary, final);
  } finally {
    await fs.promises.rm(temporary, { force: true });
  }
  return final;
}

/**
 * Files the application's materials: each material's file first, then `write` (the application's
 * row and the materials' rows, one transaction). If that fails, the files are removed: no file of a
 * material that was never filed.
 */
export async function withMaterialFiles<T>(dataDir: string, rows: RepairMaterialRow[], write: () => Promise<T>): Promise<T> {
  const files: string[] = [];
  try {
    for (const row of rows) files.push(await keepMaterialFile(dataDir, row));
    return await write();
  } catch (error) {
    await Promise.all(files.map((file) => fs.promises.rm(file, { force: true })));
    throw error;
  }
}

/** A filed material as the API shows it. */
export const materialView = (
  application: Pick<RepairRow, "id" | "subject_id">,
  m: Pick<RepairMaterialRow, "id" | "type" | "file_name" | "mime_type" | "sha256" | "size">,
): RepairMaterial => ({
  id: m.id,
  applicationId: application.id,
  subjectId: application.subject_id,
  type: m.type,
  fileName: m.file_name,
  mimeType: m.mime_type,
  sha256: m.sha256,
  size: Number(m.size),
});
