/**
 * Where repair materials' bytes live: files under the data folder (`<XINYI_DATA_DIR>/repair-materials/`),
 * the folder every process of the platform already shares (SQLite files, signing keys).
 *
 * - `uploads/<sha256>`: a file the gateway's upload route (gateway/src/materials-route.ts) streamed
 *   in, by its content hash;
 * - `materials/<material id>`: a filed material, linked to its upload (or written from its base64)
 *   by the credit office when the application is filed — what reviewers download.
 *
 * Every file appears whole or not at all: written to a temporary name in the same folder, flushed,
 * then renamed. An upload's handle is its hash sealed for its uploader (HMAC with the gateway
 * secret, which the credit office holds to check the gateway's signatures): the credit office checks
 * an application's material was uploaded by the same token subject, for the same subjects claim,
 * without a table of uploads.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Caller } from "./caller.js";

export const materialStore = (dataDir: string) => {
  const root = path.join(dataDir, "repair-materials");
  return { uploads: path.join(root, "uploads"), materials: path.join(root, "materials") };
};

const SHA256 = /^[0-9a-f]{64}$/;
const MATERIAL_ID = /^RM-[0-9a-f-]{36}$/;

/** The stored upload of a hash (undefined for anything that is not one). */
export const uploadPath = (dataDir: string, sha256: string): string | undefined =>
  SHA256.test(sha256) ? path.join(materialStore(dataDir).uploads, sha256) : undefined;

/** The bytes of a filed material (undefined for anything that is not a material id). */
export const materialPath = (dataDir: string, id: string): string | undefined =>
  MATERIAL_ID.test(id) ? path.join(materialStore(dataDir).materials, id) : undefined;

/** A temporary name beside `final`: same folder, so the rename that completes it is atomic. */
export const temporaryBeside = (final: string): string => path.join(path.dirname(final), `.part-${randomBytes(9).toString("hex")}`);

/** Flushes a written file to disk, then gives it its name (replacing a file of the same content). */
export async function completeFile(temporary: string, final: string): Promise<void> {
  const handle = await fs.promises.open(temporary, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temporary, final);
}

/** `bytes` as the file `final`, whole or not at all. */
export async function writeWhole(final: string, bytes: Uint8Array): Promise<void> {
  await fs.promises.mkdir(path.dirname(final), { recursive: true });
  const temporary = temporaryBeside(final);
  try {
    await fs.promises.writeFile(temporary, bytes, { flag: "wx" });
    await completeFile(temporary, final);
  } finally {
    await fs.promises.rm(temporary, { force: true });
  }
}

/**
 * Removes what was left behind longer than `keepMs` ago: uploads never filed (`uploads/*`) and the
 * temporary `.part-*` files of a write that crashed (in either folder). A filed material is its own
 * name under `materials/` (a hard link or a copy), so removing its upload leaves it whole. Returns
 * the number of files removed.
 */
export async function sweepStore(dataDir: string, keepMs: number, now = Date.now()): Promise<number> {
  const store = materialStore(dataDir);
  let removed = 0;
  for (const [folder, all] of [
    [store.uploads, true],
    [store.materials, false],
  ] as const) {
    const names = await fs.promises.readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      if (!all && !name.startsWith(".part-")) continue;
      const file = path.join(folder, name);
      const stat = await fs.promises.lstat(file).catch(() => undefined);
      if (!stat?.isFile() || now - stat.mtimeMs <= keepMs) continue;
      await fs.promises.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Who an upload is sealed for: the token subject and the subjects its token acts for (none: any, e.g. dept:credit). */
const sealed = (secret: string, sha256: string, caller: Pick<Caller, "sub" | "subjects">) =>
  createHmac("sha256", secret)
    .update(`xinyi repair upload v1\n${sha256}\n${caller.sub}\n${[...(caller.subjects ?? [])].sort().join(",")}`)
    .digest("base64url");

/** An upload's handle: `<sha256>.<seal>`. */
export const sealUpload = (secret: string, sha256: string, caller: Pick<Caller, "sub" | "subjects">): string => `${sha256}.${sealed(secret, sha256, caller)}`;

/** The hash a handle names, if it was sealed for this caller (same token subject, same subjects claim). */
export function openUpload(secret: string, handle: string, caller: Pick<Caller, "sub" | "subjects">): string | undefined {
  const [sha256, seal, ...rest] = String(handle).split(".");
  if (rest.length > 0 || !SHA256.test(sha256 ?? "") || !seal) return undefined;
  const expected = Buffer.from(sealed(secret, sha256, caller));
  const given = Buffer.from(seal);
  return expected.length === given.length && timingSafeEqual(expected, given) ? sha256 : undefined;
}
