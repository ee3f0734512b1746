/**
 * The gateway's one upload path: a file POSTed as its own body (not inside GraphQL's 64 KiB JSON),
 * refused before a byte of it is read when the client's address has sent too many this minute,
 * too many are already streaming, or its declared length is over the limit; otherwise streamed
 * through SHA-256 and never held in memory (found in review: 20 anonymous 10 MiB POSTs to
 * /verify took the gateway from 236 to 494 MB, and it stayed there). What a handler gets is the
 * hash, the size and the type the first bytes show (sniffed: shared/file-type.ts, never the client's word). The
 * report verification route uses it; so do repair materials larger than a GraphQL body
 * (materials-route.ts), which also decides who may upload before a byte is read (`authorize`) and
 * keeps the file (`keepIn`: streamed to a temporary file, flushed, renamed by the handler; a failed,
 * refused or interrupted upload leaves nothing).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SNIFF_BYTES, type SniffedType, sniff } from "../../shared/file-type.js";
import { temporaryBeside } from "../../shared/repair-material-store.js";
import { errorBody, GatewayErrors, type GatewayErrorCode } from "./errors.js";
import { whenKnown, type GatewayState } from "./shared-state.js";

/** What the upload path hands a route: never the bytes. */
export interface Upload {
  sha256: string;
  size: number;
  /** The type its first bytes show, whatever the request said. */
  sniffed: SniffedType | undefined;
  /**
   * For a route that keeps files (`keepIn`): the whole file, flushed, under a temporary name in that
   * folder. The handler renames it to keep it; whatever it does not rename is deleted once it returns.
   */
  file?: string;
}

export interface UploadLimits {
  /** Largest body in bytes. */
  maxBytes: number;
  /** Uploads streaming at once, for the whole process. */
  inFlight: number;
  /** Uploads per client address per minute (counted before the body is read). */
  perIpPerMinute: number;
}

/** Uploads one address may stream at once: a few idle connections must not hold every slot. */
const IN_FLIGHT_PER_ADDRESS = 2;
/** Longest pause between two chunks of a body, and longest whole upload, in ms (a slow sender is cut off). */
const IDLE_MS = 10_000;
const DEADLINE_MS = 120_000;

/** `Params`: the route's path parameters, as its `url` names them (the handler's `request.params`). */
export interface UploadRouteOptions<Params = unknown> {
  url: string;
  /** Content types the route takes (the declared one; the sniffed one is the handler's to check). */
  contentTypes: string[];
  limits: UploadLimits;
  state: GatewayState;
  ipOf: (request: FastifyRequest) => string;
  /** The rate limit's key for this route, per address (`<rateKey>:<address>`); default `upload`. */
  rateKey?: string;
  /** Who may upload, decided before a byte is read: a refusal (its code and message), or nothing. */
  authorize?: (request: FastifyRequest) => Promise<{ code: GatewayErrorCode; message: string } | undefined>;
  /** A folder to stream the file into (else it is only hashed): see {@link Upload.file}. A failed or aborted upload leaves nothing there. */
  keepIn?: string;
  handler: (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, upload: Upload) => unknown;
}

/**
 * A refusal before the body is read. A body declared within the limit is discarded as it comes
 * (read and dropped, never kept), so the client reads the answer instead of a reset connection;
 * one over the limit, or undeclared, closes the connection with the answer.
 */
const refuse = (reply: FastifyReply, code: GatewayErrorCode, message: string, retryAfter?: number, drain = false) => {
  if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
  if (drain) reply.request.raw.resume();
  else reply.header("connection", "close");
  return reply.code(GatewayErrors[code].status).send(errorBody(code, message));
};

/** What the upload parser made: a route takes nothing else as its body, whatever the request said. */
const parsed = new WeakSet<object>();
const isUpload = (body: unknown): body is Upload => typeof body === "object" && body !== null && parsed.has(body);

/** Registers a POST route that takes a streamed upload under these limits. */
export function serveUpload<Params>(app: FastifyInstance, options: UploadRouteOptions<Params>): void {
  const { limits } = options;
  let streaming = 0;
  const byAddress = new Map<string, number>();
  app.register(async (scope) => {
    // Only the file's own type is read, by the parser below: no JSON (or any other) body parser here.
    scope.removeAllContentTypeParsers();
    // Every refusal that does not need the body happens here, before Fastify reads any of it.
    scope.addHook("onRequest", (request, reply, done) => {
      if (request.method !== "POST") return done();
      const declared = Number(request.headers["content-length"] ?? Number.NaN);
      if (declared > limits.maxBytes) return refuse(reply, "PAYLOAD_TOO_LARGE", `At most ${limits.maxBytes} bytes`);
      const drain = declared >= 0;
      if (options.authorize) {
        options
          .authorize(request)
          .then((refusal) => (refusal ? refuse(reply, refusal.code, refusal.message, undefined, drain) : admit(request, reply, done, drain)), done);
        return;
      }
      admit(request, reply, done, drain);
    });
    /** The limits on uploads streaming at once and per address a minute; then the body is read. */
    const admit = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void, drain: boolean) => {
      const address = options.ipOf(request);
      if (streaming >= limits.inFlight || (byAddress.get(address) ?? 0) >= IN_FLIGHT_PER_ADDRESS) {
        return refuse(reply, "SERVICE_UNAVAILABLE", "Too many uploads at once; retry in a few seconds", 2, drain);
      }
      whenKnown(options.state.hit("operations", `${options.rateKey ?? "upload"}:${address}`, 1, limits.perIpPerMinute, Date.now()), (retry) => {
        if (retry !== undefined)
          return refuse(reply, "RATE_LIMITED", `At most ${limits.perIpPerMinute} uploads a minute from one address; retry in ${retry} s`, retry, drain);
        streaming++;
        byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
        reply.raw.once("close", () => {
          streaming--;
          const left = (byAddress.get(address) ?? 1) - 1;
          if (left > 0) byAddress.set(address, left);
          else byAddress.delete(address);
        });
        done();
      });
    };
    if (options.keepIn) fs.mkdirSync(options.keepIn, { recursive: true });
    for (const type of options.contentTypes) {
      scope.addContentTypeParser(type, { bodyLimit: limits.maxBytes }, (_request, payload, done) => {
        const hash = createHash("sha256");
        const head: number[] = [];
        let size = 0;
        let finished = false;
        const keep = options.keepIn ? keeper(options.keepIn, payload, (error) => finish(error)) : undefined;
        const finish = (error: Error | null, upload?: Upload) => {
          if (finished) return;
          finished = true;
          clearTimeout(idle);
          clearTimeout(deadline);
          const deliver = (whole: Upload) => {
            parsed.add(whole);
            done(null, whole);
          };
          if (error || !upload) {
            if (!keep) return done(error);
            return void keep.discard().finally(() => done(error));
          }
          if (!keep) return deliver(upload);
          // The file is flushed before the handler sees it; one that cannot be written fails the upload (500).
          keep.complete().then(
            (file) => deliver({ ...upload, file }),
            (failure: Error) => keep.discard().finally(() => done(failure)),
          );
        };
        payload.once("close", () => {
          // A client that went away mid-body: nothing is kept.
          if (!finished) finish(Object.assign(new Error("The upload was interrupted"), { statusCode: 400 }));
        });
        // Answered 408 (the error handler); the connection then closes with the answer.
        const tooSlow = () => finish(Object.assign(new Error("The upload was too slow: a pause over 10 s or over 2 minutes in all"), { statusCode: 408 }));
        const idle = setTimeout(tooSlow, IDLE_MS);
        const deadline = setTimeout(tooSlow, DEADLINE_MS);
        payload.on("data", (chunk: Buffer) => {
          idle.refresh();
          size += chunk.length;
          if (head.length < SNIFF_BYTES) head.push(...chunk.subarray(0, SNIFF_BYTES - head.length));
          if (size > limits.maxBytes) {
            payload.destroy();
            return finish(Object.assign(new Error(`At most ${limits.maxBytes} bytes`), { statusCode: 413 }));
          }
          hash.update(chunk);
          keep?.write(chunk);
        });
        payload.once("end", () => finish(null, { sha256: hash.digest("hex"), size, sniffed: sniff(Uint8Array.from(head)) }));
        payload.once("error", (error) => finish(error));
      });
    }
    // A file the handler did not keep (rename) is gone before the answer leaves, whatever it is.
    scope.addHook("onSend", async (request, _reply, payload) => {
      if (isUpload(request.body) && request.body.file) await fs.promises.rm(request.body.file, { force: true });
      return payload;
    });
    scope.post<{ Params: Params }>(options.url, { bodyLimit: limits.maxBytes }, (request, reply) => {
      const upload = request.body;
      if (!isUpload(upload)) return refuse(reply, "UNSUPPORTED_MEDIA_TYPE", `POST the file as ${options.contentTypes.join(" or ")}`);
      return options.handler(request, reply, upload);
    });
  });
}

/**
 * Streams an upload's chunks into a temporary file in `folder`, pausing the sender while the disk
 * catches up; `complete` flushes it, `discard` removes it (and whatever was written of it).
 */
function keeper(folder: string, payload: Readable, fail: (error: Error) => void) {
  const file = temporaryBeside(path.join(folder, "upload"));
  const out = fs.createWriteStream(file, { flags: "wx" });
  out.on("error", (error) => fail(Object.assign(error, { statusCode: 500 })));
  return {
    write(chunk: Buffer) {
      if (!out.write(chunk)) {
        payload.pause();
        out.once("drain", () => payload.resume());
      }
    },
    complete: () =>
      new Promise<string>((resolve, reject) => {
        out.end(() =>
          fs.promises
            .open(file, "r+")
            .then((handle) => handle.sync().finally(() => handle.close()))
            .then(() => resolve(file), reject),
        );
      }),
    discard: () => {
      out.destroy();
      return fs.promises.rm(file, { force: true });
    },
  };
}
