/**
 * Repair materials too large for a GraphQL body (a phone photo of a receipt is 2–6 MB; GraphQL's
 * body stays at 64 KiB):
 *
 * - `POST /repair-materials` — the file as its own body (`image/jpeg`, `image/png` or
 *   `application/pdf`), through the gateway's one upload path (uploads.ts: refused before a byte is
 *   read when over `XINYI_UPLOAD_MAX_BYTES`, too many streaming, or too many from the address this
 *   minute; cut off when slow). Only a token that may apply for repair (`repair:apply`, or the
 *   credit office, or admin) may upload — checked before the body is read. The bytes must be the
 *   declared type (sniffed). They are streamed to a temporary file and, whole and flushed, renamed
 *   to `repair-materials/uploads/<sha256>` under the data folder (shared/repair-material-store.ts);
 *   a refused or interrupted upload leaves nothing. The answer's `uploadId` is the hash sealed for
 *   the uploader's token subject and `subjects` claim: `applyForCreditRepair` takes it as a
 *   material, from the same caller only.
 * - `GET /repair-materials/<material id>` — a filed material, for the department that reviews its
 *   application (`dept:<department>`), the credit office or admin: asked as `repairMaterial(id)`
 *   through the gateway's own pipeline (authentication, scopes, rate limits, the audit entry with
 *   the subject, person IDs masked in the file name without `pii:read`), then the bytes streamed as
 *   an attachment that a browser does not render inline or sniff.
 *
 * Uploads never filed, and temporary files a crash left, are removed once older than
 * `XINYI_UPLOAD_KEEP_HOURS` (at start, then hourly); a filed material is its own file and stays.
 */
import fs from "node:fs";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Caller } from "../../shared/caller.js";
import { stringAt, valueAt } from "../../shared/narrow.js";
import { materialPath, materialStore, sealUpload, sweepStore, uploadPath } from "../../shared/repair-material-store.js";
import { deptScope, satisfiesScopes, Scopes } from "../../shared/scopes.js";
import { errorBody, GatewayErrors, type GatewayErrorCode, isGatewayErrorCode } from "./errors.js";
import type { TokenVerifier } from "./jwt.js";
import { serveUpload, type UploadRouteOptions } from "./uploads.js";
import type { RunOperation } from "./verify-route.js";

/** Who may upload: whoever may apply for repair (the mutation's own scopes). */
const MAY_UPLOAD = [[Scopes.REPAIR_APPLY], [deptScope("credit")], [Scopes.ADMIN]];
const TYPES = ["image/jpeg", "image/png", "application/pdf"];

const QUERY = `query RepairMaterialDownload($id: ID!) { repairMaterial(id: $id) { id fileName mimeType size } }`;

export interface MaterialsRouteOptions {
  verify: TokenVerifier;
  /** The gateway secret: an upload's handle is sealed with it (the credit office checks it). */
  secret: string;
  dataDir: string;
  /** Hours an upload never filed (and a crashed write's `.part-*` file) is kept: swept at start, then hourly. */
  keepHours: number;
  uploads: Omit<UploadRouteOptions, "url" | "contentTypes" | "handler" | "authorize" | "keepIn" | "rateKey">;
  /** Runs an operation through the gateway's pipeline with the request's token and purpose. */
  run: RunOperation;
}

/** `attachment` with the name as given (RFC 6266 / 5987) and an ASCII stand-in for old clients. */
const disposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\%]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

export function serveRepairMaterials(app: FastifyInstance, options: MaterialsRouteOptions): void {
  const callers = new WeakMap<FastifyRequest, Caller>();
  const refusal = (code: GatewayErrorCode, message: string) => ({ code, message });
  serveUpload(app, {
    ...options.uploads,
    url: "/repair-materials",
    // Its own count per address: anonymous /verify uploads do not use up an applicant's.
    rateKey: "upload-materials",
    contentTypes: TYPES,
    keepIn: materialStore(options.dataDir).uploads,
    authorize: async (request) => {
      const header = request.headers.authorization ?? "";
      const token = header.length <= 8192 ? /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(header.trim())?.[1] : undefined;
      if (!header) return refusal("UNAUTHORIZED", "Uploading repair materials needs a bearer token with repair:apply");
      const verdict = token ? await options.verify(token) : ({ ok: false, reason: "Authorization must be 'Bearer <token>'" } as const);
      if (!verdict.ok) return refusal("UNAUTHENTICATED", `Authentication failed: ${verdict.reason}`);
      if (!satisfiesScopes(MAY_UPLOAD, verdict.caller.scopes)) return refusal("FORBIDDEN", "Uploading repair materials needs the scope repair:apply");
      callers.set(request, verdict.caller);
      return undefined;
    },
    handler: async (request, reply, upload) => {
      const declared = (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
      if (upload.sniffed !== declared)
        return reply
          .code(415)
          .send(errorBody("UNSUPPORTED_MEDIA_TYPE", `The file is declared ${declared} but its bytes are ${upload.sniffed ?? `none of ${TYPES.join(", ")}`}`));
      // Same bytes, same name: a second upload of a file replaces it with itself.
      await fs.promises.rename(upload.file!, uploadPath(options.dataDir, upload.sha256)!);
      const caller = callers.get(request)!;
      return reply
        .code(201)
        .send({ uploadId: sealUpload(options.secret, upload.sha256, caller), sha256: upload.sha256, size: upload.size, mimeType: upload.sniffed });
    },
  });

  sweepEveryHour(app, options.dataDir, options.keepHours);

  app.get<{ Params: { id: string } }>("/repair-materials/:id", async (request, reply) => {
    const file = materialPath(options.dataDir, request.params.id);
    if (!file) return reply.code(404).send(errorBody("NOT_FOUND", "No such repair material"));
    const response = await options.run(request, reply, { query: QUERY, variables: { id: request.params.id } });
    const body: unknown = await response.json();
    const material = valueAt(body, "data", "repairMaterial");
    const [fileName, mimeType, size] = [stringAt(material, "fileName"), stringAt(material, "mimeType"), valueAt(material, "size")];
    if (fileName === undefined || mimeType === undefined || typeof size !== "number") {
      const code = valueAt(body, "errors", 0, "extensions", "code");
      const status = response.status !== 200 ? response.status : isGatewayErrorCode(code) ? GatewayErrors[code].status : 500;
      return reply.code(status).send({ errors: valueAt(body, "errors") ?? errorBody("INTERNAL_SERVER_ERROR", "The material cannot be read").errors });
    }
    return reply
      .header("content-type", mimeType)
      .header("content-length", String(size))
      .header("content-disposition", disposition(fileName))
      .header("x-content-type-options", "nosniff")
      .header("content-security-policy", "default-src 'none'; sandbox")
      .header("cache-control", "private, no-store")
      .send(fs.createReadStream(file));
  });
}

/** Uploads never filed and crashed writes' temporary files, older than `keepHours`, removed at start and then every hour. */
function sweepEveryHour(app: FastifyInstance, dataDir: string, keepHours: number): void {
  let timer: NodeJS.Timeout | undefined;
  const sweep = () =>
    sweepStore(dataDir, keepHours * 3_600_000).then(
      (removed) => removed > 0 && app.log.info({ removed }, "repair materials: old uploads removed"),
      (error: Error) => app.log.warn({ err: error }, "repair materials: the upload sweep failed"),
    );
  app.addHook("onReady", async () => {
    void sweep();
    timer = setInterval(sweep, 3_600_000).unref();
  });
  app.addHook("onClose", async () => clearInterval(timer));
}
