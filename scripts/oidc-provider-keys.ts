/**
 * The embedded OpenID provider's keys, kept under the data folder (`<data>/oidc-provider/`, mode
 * 600) so tokens stay valid across restarts: its signing keys (a private JWKS; the first signs, the
 * one before it is still published so tokens it signed verify until they expire) and its cookie keys.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { isRecord, valueAt } from "../shared/narrow.js";

/** Signing keys published at once: the current one and the one it replaced. */
const KEPT_KEYS = 2;

const folder = (dataDir: string): string => path.join(dataDir, "oidc-provider");
const jwksFile = (dataDir: string): string => path.join(folder(dataDir), "signing-keys.json");

function writePrivate(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** A stored signing key as newSigningKey writes it: its type and id (the rest is the provider's to check). */
const isSigningKey = (key: unknown): key is JWK => isRecord(key) && typeof key.kty === "string" && typeof key.kid === "string";

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: "RS256", use: "sig" };
}

/** The provider's private signing keys, the current one first; created on first use. */
export async function loadSigningKeys(dataDir: string): Promise<JWK[]> {
  const file = jwksFile(dataDir);
  if (!fs.existsSync(file)) writePrivate(file, { keys: [await newSigningKey()] });
  const keys = valueAt(JSON.parse(fs.readFileSync(file, "utf8")), "keys");
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${file} holds no signing key`);
  if (!keys.every(isSigningKey)) throw new Error(`${file} holds a key without its kty and kid`);
  return keys;
}

/**
 * Rotates the signing keys: a new key signs from the provider's next start, the previous one stays
 * published (tokens it signed verify until they expire), older ones go. Answers the new key's `kid`.
 */
export async function rotateSigningKeys(dataDir: string): Promise<string> {
  const current = await loadSigningKeys(dataDir);
  const next = await newSigningKey();
  writePrivate(jwksFile(dataDir), { keys: [next, ...current].slice(0, KEPT_KEYS) });
  return next.kid!;
}

/** The keys that sign the provider's cookies; created on first use. */
export function loadCookieKeys(dataDir: string): string[] {
  const file = path.join(folder(dataDir), "cookie-keys.json");
  if (!fs.existsSync(file)) writePrivate(file, [randomBytes(32).toString("base64url")]);
  const keys: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!Array.isArray(keys) || !keys.every((k): k is string => typeof k === "string")) throw new Error(`${file} holds no list of cookie keys`);
  return keys;
}
