/**
 * The web app's trusted documents (persisted operations): each document of src/operations.ts
 * under the SHA-256 of its text. The build writes the manifest into dist/web for the gateway
 * (XINYI_TRUSTED_DOCUMENTS) and gives the app each document's id (`documentId`, as the GraphQL
 * over HTTP trusted-documents convention names it).
 */
import { createHash } from "node:crypto";
import { OPERATIONS } from "./src/operations.js";

/** The manifest's file name in the built web app. */
export const MANIFEST_FILE = "trusted-documents.json";

/** A document's id: `sha256:` and the hex digest of its text. */
export const documentIdOf = (text: string): string => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** id → document, for the gateway. */
export function buildManifest(documents: readonly string[] = OPERATIONS): Record<string, string> {
  return Object.fromEntries(documents.map((text) => [documentIdOf(text), text]));
}
