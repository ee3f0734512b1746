/**
 * The platform's report key (Ed25519): signs the SHA-256 of each special credit report's canonical
 * content. `XINYI_REPORT_KEY_FILE`, else `<data dir>/report-key.pem`, created on first use (mode 600)
 * like the other demo keys; its public half is written beside it for offline verification.
 */
import { createPublicKey, sign, verify } from "node:crypto";
import path from "node:path";
import { platformKey, type PlatformKey } from "../../../shared/platform-key.js";

export type ReportKey = PlatformKey;

/** The report key of a configuration: the file named, or the data folder's (created when absent). */
export const reportKey = (keyFile: string | undefined, dataDir: string): ReportKey => platformKey(keyFile ?? path.join(dataDir, "report-key.pem"));

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
