/**
 * The platform's report key (Ed25519): signs the SHA-256 of each special credit report's canonical
 * content. `XINYI_REPORT_KEY_FILE`, else `<data dir>/report-key.pem`, created on first use (mode 600)
 * like the other demo keys; its public half is written beside it for offline verification.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface ReportKey {
  privateKey: KeyObject;
  publicKeyPem: string;
}

const keys = new Map<string, ReportKey>();

/** The report key of a configuration: the file named, or the data folder's (created when absent). */
export function reportKey(keyFile: string | undefined, dataDir: string): ReportKey {
  const file = keyFile ?? path.join(dataDir, "report-key.pem");
  let key = keys.get(file);
  if (key) return key;
  if (!fs.existsSync(file)) {
    const pair = generateKeyPairSync("ed25519");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  const publicKeyPem = String(createPublicKey(privateKey).export({ type: "spki", format: "pem" }));
  const publicFile = file.replace(/\.pem$/, "") + ".pub.pem";
  if (!fs.existsSync(publicFile)) fs.writeFileSync(publicFile, publicKeyPem);
  key = { privateKey, publicKeyPem };
  keys.set(file, key);
  return key;
}

/** Base64 Ed25519 signature of a content hash (hex). */
export const signHash = (key: ReportKey, sha256Hex: string): string => sign(null, Buffer.from(sha256Hex, "utf8"), key.privateKey).toString("base64");

/** Whether `signature` is the key's signature of the hash. */
export const verifyHash = (publicKeyPem: string, sha256Hex: string, signature: string): boolean => {
  try {
    return verify(null, Buffer.from(sha256Hex, "utf8"), createPublicKey(publicKeyPem), Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
};
