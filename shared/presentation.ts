/**
 * The 个人诚信码 as a person shows it: a short-lived presentation the 诚信码 channel issues for a
 * registered person (the QR payload), which a partner scans and hands to `checkEligibility` /
 * `redeemIncentive` instead of an ID number. It is a compact JWS (EdDSA, the platform's code key,
 * `typ: xinyi-code+jwt`) that anyone with the public key can verify offline; what it names is
 * sealed: the person's ID is AES-256-GCM-encrypted under a key derived from the gateway secret,
 * so a partner learns who nobody is from it, only that the platform vouches for it until `exp`.
 * Claims: `ref` (the sealed ID), `consents`, `jti` (one presentation, one check and one
 * redemption: the incentives ledger counts its uses), `iat`, `exp` (at most 5 minutes later).
 */
import { createCipheriv, createDecipheriv, createPublicKey, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { platformKey } from "./platform-key.js";

export const PRESENTATION_TYPE = "xinyi-code+jwt";
export const PRESENTATION_ISSUER = "xinyi-code";
/** The longest a presentation lives. */
export const PRESENTATION_MAX_SECONDS = 300;

export interface Presentation {
  subjectId: string;
  consents: string[];
  /** One presentation: its uses are counted by this id. */
  id: string;
  expiresAt: Date;
}

/** The code key: `XINYI_CODE_KEY_FILE`, else `<data dir>/code-key.pem` (created on first use, public half beside it). */
export const codeKey = (keyFile: string | undefined, dataDir: string) => platformKey(keyFile ?? `${dataDir}/code-key.pem`);

const sealKey = (secret: string) => Buffer.from(hkdfSync("sha256", secret, "xinyi", "code presentation subject", 32));

/** The subject's ID sealed (AES-256-GCM, random IV): base64url of iv | tag | ciphertext. */
export function sealSubject(subjectId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(secret), iv);
  const body = Buffer.concat([cipher.update(subjectId, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The subject's ID, or undefined when the seal was not made with this secret or was altered. */
export function openSubject(ref: string, secret: string): string | undefined {
  try {
    const bytes = Buffer.from(ref, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", sealKey(secret), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** Issues a presentation of `subjectId` with its consents, valid `seconds` (≤ 5 minutes). */
export async function issuePresentation(
  subject: { subjectId: string; consents: string[] },
  key: { privateKey: Parameters<SignJWT["sign"]>[0] },
  secret: string,
  seconds = PRESENTATION_MAX_SECONDS,
  now = new Date(),
): Promise<{ token: string; presentation: Presentation }> {
  const lifetime = Math.min(Math.max(1, Math.floor(seconds)), PRESENTATION_MAX_SECONDS);
  const iat = Math.floor(now.getTime() / 1000);
  const id = randomUUID();
  const token = await new SignJWT({ ref: sealSubject(subject.subjectId, secret), consents: subject.consents })
    .setProtectedHeader({ alg: "EdDSA", typ: PRESENTATION_TYPE })
    .setIssuer(PRESENTATION_ISSUER)
    .setJti(id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .sign(key.privateKey);
  return { token, presentation: { subjectId: subject.subjectId, consents: subject.consents, id, expiresAt: new Date((iat + lifetime) * 1000) } };
}

/** A presented code read back: the presentation, or why it is refused (expired, altered, not the platform's). */
export async function readPresentation(
  token: string,
  publicKeyPem: string,
  secret: string,
  now = new Date(),
): Promise<{ ok: true; presentation: Presentation } | { ok: false; reason: string }> {
  if (token.length > 4096) return { ok: false, reason: "the presentation is too long" };
  try {
    const { payload } = await jwtVerify(token, createPublicKey(publicKeyPem), {
      algorithms: ["EdDSA"],
      issuer: PRESENTATION_ISSUER,
      typ: PRESENTATION_TYPE,
      currentDate: now,
      requiredClaims: ["exp", "iat", "jti"],
    });
    if ((payload.exp ?? 0) - (payload.iat ?? 0) > PRESENTATION_MAX_SECONDS) return { ok: false, reason: "the presentation lives too long" };
    const subjectId = typeof payload.ref === "string" ? openSubject(payload.ref, secret) : undefined;
    if (!subjectId) return { ok: false, reason: "the presentation names no subject of this platform" };
    const consents = Array.isArray(payload.consents) ? payload.consents.filter((c): c is string => typeof c === "string") : [];
    return { ok: true, presentation: { subjectId, consents, id: payload.jti!, expiresAt: new Date(payload.exp! * 1000) } };
  } catch (error) {
    return {
      ok: false,
      reason:
        error instanceof errors.JWTExpired ? "the presentation has expired: ask for a fresh code" : "the presentation is not a valid 诚信码 of this platform",
    };
  }
}
