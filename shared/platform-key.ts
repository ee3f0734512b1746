/**
 * The platform's Ed25519 signing keys (special credit reports, 诚信码 presentations): a PEM file,
 * created on first use (mode 600) like the other demo keys, with its public half written beside it
 * (`<name>.pub.pem`) for offline verification. Loaded once per file.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface PlatformKey {
  privateKey: KeyObject;
  publicKeyPem: string;
}

const keys = new Map<string, PlatformKey>();

/** The key in `file`, created when absent. */
export function platformKey(file: string): PlatformKey {
  let key = keys.get(file);
  if (key) return key;
  if (!fs.existsSync(file)) {
    const pair = generateKeyPairSync("ed25519");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process (the credit office and the incentives read the same code key) made it first.
      if (!fs.existsSync(file)) throw error;
    }
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  const publicKeyPem = String(createPublicKey(privateKey).export({ type: "spki", format: "pem" }));
  const publicFile = `${file.replace(/\.pem$/, "")}.pub.pem`;
  if (!fs.existsSync(publicFile)) fs.writeFileSync(publicFile, publicKeyPem);
  key = { privateKey, publicKeyPem };
  keys.set(file, key);
  return key;
}
