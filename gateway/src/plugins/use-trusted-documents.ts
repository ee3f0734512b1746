/**
 * Trusted documents (persisted operations) for our first-party client, the web app: its build
 * writes every document it sends into a manifest (web/trusted-documents.ts: `sha256:<hex>` →
 * text), and it sends `{ documentId, variables }` instead of the text. A known id is served from
 * the manifest, parsed once at start-up and validated once (later requests skip both).
 *
 * With XINYI_TRUSTED_DOCUMENTS=required a **browser client** may send only known ids: a document
 * as text is refused with TRUSTED_DOCUMENT_REQUIRED, an unknown id with UNKNOWN_DOCUMENT, before
 * anything is parsed. A browser is recognised by headers browsers add and page scripts cannot
 * take away: `Sec-Fetch-Site` / `Sec-Fetch-Dest` (Fetch Metadata, on every request to an HTTPS
 * or localhost origin in every current browser) or `Origin` (on every POST) — so a script in a
 * page (an injected one, a console) runs only what the web app runs. Not `Sec-Fetch-Mode`:
 * Node's fetch sends it too. Over plain HTTP a same-origin GET carries none of them, so in this
 * mode a document as text comes by POST, from anyone. Partners and platform services keep
 * sending any document by POST, held to their token's scopes. An unknown id is refused in
 * either mode.
 */
import fs from "node:fs";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { createGraphQLError } from "@graphql-tools/utils";
import { type DocumentNode, parse } from "graphql";
import { GatewayErrors, type GatewayErrorCode } from "../errors.js";

export interface TrustedDocumentsOptions {
  /** Known documents by id (`sha256:<hex>`). */
  documents: ReadonlyMap<string, string>;
  /** Browser clients may send only known ids. @default false */
  required?: boolean;
}

/** Whether a request comes from a browser: headers only a browser sets, and a page cannot remove. */
export const isBrowserRequest = (request: Request): boolean =>
  request.headers.has("sec-fetch-site") || request.headers.has("sec-fetch-dest") || request.headers.has("origin");

/**
 * The manifest the web app's build wrote (id → document), or an empty map when there is none;
 * `required` without one is a start-up error (nothing could be served to the web app).
 */
export function loadTrustedDocuments(file: string, required: boolean): Map<string, string> {
  if (!fs.existsSync(file)) {
    if (required) throw new Error(`XINYI_TRUSTED_DOCUMENTS=required needs the web app's manifest ${file}: run npm run build (npm start builds it)`);
    return new Map();
  }
  const manifest: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const documents = new Map<string, string>();
  const problems: string[] = [];
  for (const [id, text] of manifest !== null && typeof manifest === "object" ? Object.entries(manifest) : []) {
    if (/^sha256:[0-9a-f]{64}$/.test(id) && typeof text === "string") documents.set(id, text);
    else problems.push(id);
  }
  if (problems.length > 0 || manifest === null || typeof manifest !== "object") {
    throw new Error(`${file}: not a map of sha256:<hex> ids to documents (${problems.join(", ")})`);
  }
  return documents;
}

const refusal = (code: GatewayErrorCode, message: string) =>
  createGraphQLError(message, { extensions: { code, http: { status: GatewayErrors[code].status } } });

export function useTrustedDocuments(options: TrustedDocumentsOptions): GatewayPlugin {
  // Parsed once each; a parse error shows on first use, as a request's would.
  const parsed = new Map<string, DocumentNode>();
  for (const [id, text] of options.documents) {
    try {
      parsed.set(id, parse(text, { noLocation: true }));
    } catch {
      // Left to the request: served as text, refused by the parser with its own message.
    }
  }
  const trusted = new Set(parsed.values());
  const valid = new WeakSet<DocumentNode>();
  const requested = new WeakMap<object, DocumentNode>();
  return {
    onParams({ request, params, setParams, context }) {
      const id = (params as { documentId?: unknown }).documentId;
      if (id === undefined || id === null) {
        if (options.required && (isBrowserRequest(request) || request.method === "GET")) {
          throw refusal(
            "TRUSTED_DOCUMENT_REQUIRED",
            "Browser clients may send only the web app's trusted documents, by documentId, and other clients documents as text by POST (XINYI_TRUSTED_DOCUMENTS=required)",
          );
        }
        return;
      }
      const text = typeof id === "string" ? options.documents.get(id) : undefined;
      if (text === undefined || typeof id !== "string")
        throw refusal("UNKNOWN_DOCUMENT", `No trusted document with id ${JSON.stringify(String(id)).slice(0, 80)}`);
      // Sent on as the text it stands for (the runtime refuses parameters it does not know).
      const { documentId: _id, ...known } = params as typeof params & { documentId?: unknown };
      setParams({ ...known, query: text });
      const document = parsed.get(id);
      if (document) requested.set(context, document);
    },
    onParse({ context, setParsedDocument }) {
      const document = requested.get(context);
      if (document) setParsedDocument(document);
    },
    onValidate({ params, setResult }) {
      if (!trusted.has(params.documentAST)) return;
      // Validation depends on the document and the schema, both fixed: once valid, always valid.
      if (valid.has(params.documentAST)) {
        setResult([]);
        return;
      }
      return ({ valid: ok }) => {
        if (ok) valid.add(params.documentAST);
      };
    },
  };
}
