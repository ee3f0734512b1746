/**
 * The subgraph builder every department uses: type-graphql classes → Federation-2 subgraph schema
 * (`@link` v2.5) → served by mercurius on Fastify, behind the gateway-signature check.
 */
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Kysely, Migration } from "kysely";
import { parse, type GraphQLSchema } from "graphql";
import mercurius from "mercurius";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import { ReplayGuard, verifyCallerHeaders, type Caller } from "./caller.js";
import type { Config } from "./config.js";
import { type AnyDatabase, createDatabase, migrateToLatest } from "./db.js";
import { installRecordChangesRoute } from "./record-changes-route.js";
import { installRepairRoutes } from "./record-repair.js";
import { type DepartmentName, RECORD_DEPARTMENTS } from "./departments.js";
import { createDirectoryClient } from "./directory.js";
import { type ErrorCode, ErrorCodes, errorBody, KERNEL_ERRORS } from "./errors.js";
import { enforceFieldAuth } from "./field-auth.js";
import { installObservability, requestIdOptions } from "./observability.js";
import { installGracefulShutdown } from "./serve.js";
import { createCursorCodec, type CursorCodec } from "./pagination.js";
import type { RecordChangesTable, WriteScope } from "./record-changes.js";
import type { FindMissingSubjects } from "./records/writes.js";
import type { ImportSpec } from "./records/import-spec.js";

/** The Federation-2 spec version and directives every subgraph links. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable", "@external", "@requires", "@authenticated", "@requiresScopes"])`;

/** Resolves an entity representation (`{ __typename, id }`) to the subgraph's object. */
export type ReferenceResolver<Ctx> = (reference: { id: string }, context: Ctx) => unknown;

export interface FederatedSchemaOptions<Ctx> {
  // biome-ignore lint/complexity/noBannedTypes: type-graphql takes resolver classes as Function.
  resolvers: NonEmptyArray<Function>;
  /** `__resolveReference` per entity type name; batch them through the request's loaders. */
  references: Record<string, ReferenceResolver<Ctx>>;
  /** Types no resolver returns directly but the schema must carry. */
  // biome-ignore lint/complexity/noBannedTypes: type-graphql takes object type classes as Function.
  orphanedTypes?: Function[];
}

/**
 * Builds a Federation-2 subgraph schema from type-graphql resolver classes
 * (type-graphql `examples/apollo-federation-2` recipe).
 */
export async function buildFederatedSchema<Ctx>(options: FederatedSchemaOptions<Ctx>): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  // biome-ignore lint/suspicious/noExplicitAny: @apollo/subgraph takes a resolver map of any shape; we add __resolveReference to it.
  const resolvers: Record<string, any> = createResolversMap(schema);
  for (const [typeName, resolve] of Object.entries(options.references)) {
    resolvers[typeName] = {
      ...resolvers[typeName],
      __resolveReference: (reference: { id: string }, context: Ctx) => resolve(reference, context),
    };
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers,
  });
}

export interface SubgraphAppOptions<Ctx extends Record<string, unknown>> {
  /** Department name, for logs and the health answer. */
  name: string;
  schema: GraphQLSchema;
  /** HMAC secret shared with the gateway. */
  gatewaySecret: string;
  /** Builds the per-request context (with fresh DataLoaders) for a verified caller. */
  createContext: (caller: Caller, scope: WriteScope) => Ctx;
  /** Closes what the app holds (the database) when Fastify closes. */
  onClose?: () => Promise<void>;
  /** Fastify's JSON logger (pino). @default off */
  logger?: false | { level: string };
  /** Mercurius JIT: a query is compiled (graphql-jit) after this many runs; 0 disables. @default 1 */
  jit?: number;
  /** Internal routes besides GraphQL (signed like every route), given the verified caller of a request. */
  routes?: (app: FastifyInstance, callerOf: (request: FastifyRequest) => Caller | undefined) => void;
}

/** Routes a subgraph serves without a gateway signature (no personal data); every other route needs one. */
const PUBLIC_ROUTES = new Set(["/healthz", "/metrics"]);

/**
 * A department's Fastify app (never listening; `index.ts` listens, tests use `inject()` or
 * `listen({ port: 0 })`). Every route but `GET /healthz` needs the gateway's signature over its
 * method, path and body — checked on the matched route, whatever encoding the path arrived in —
 * and GraphQL runs only for a verified caller, whose scopes the subgraph checks again.
 */
/**
 * Bodies up to 8 MiB: only the gateway's signed calls get past the signature check, and the
 * evaluation's `_entities` call for a snapshot page of 2,000 subjects carries every department's
 * records for them (over 1 MiB at 100,000 subjects once the village archive joined).
 */
const SUBGRAPH_BODY_LIMIT = 8 * 1_048_576;

export function buildSubgraphApp<Ctx extends Record<string, unknown>>(options: SubgraphAppOptions<Ctx>): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: SUBGRAPH_BODY_LIMIT, ...requestIdOptions });
  installGracefulShutdown(app, options.name);
  const metrics = installObservability(app, options.name);
  const rawBodies = new WeakMap<FastifyRequest, string>();
  const callers = new WeakMap<FastifyRequest, Caller>();
  const contextCallers = new WeakMap<object, Caller>();
  const scopes = new WeakMap<object, WriteScope>();
  const replayGuard = new ReplayGuard();
  const refuse = (reply: FastifyReply, code: ErrorCode, message: string) => reply.code(KERNEL_ERRORS[code].status).send(errorBody(code, message));

  // Keep the exact body bytes: the gateway's HMAC covers them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = String(body);
    rawBodies.set(request, text);
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = Object.assign(new Error("Malformed JSON body"), { statusCode: 400 });
      done(error, undefined);
    }
  });

  // On every route, the 404 handler included: the check follows the route that matched, not the URL text.
  app.addHook("preHandler", async (request, reply) => {
    if (PUBLIC_ROUTES.has(request.routeOptions.url ?? "") && (request.method === "GET" || request.method === "HEAD")) return;
    // A body read by any other parser than ours (mercurius accepts application/graphql) is not covered by the signature.
    if (request.body !== undefined && !rawBodies.has(request)) {
      return refuse(reply, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "Subgraphs accept application/json bodies only");
    }
    const signed = { audience: options.name, method: request.method, path: request.url, body: rawBodies.get(request) ?? "" };
    const verdict = verifyCallerHeaders(request.headers, signed, options.gatewaySecret, { replayGuard });
    if (!verdict.ok) return refuse(reply, ErrorCodes.UNSIGNED_REQUEST, `Refused: ${verdict.reason}; call the gateway instead`);
    callers.set(request, verdict.caller);
  });

  app.register(mercurius, {
    schema: enforceFieldAuth(options.schema, (context) => (typeof context === "object" && context !== null ? contextCallers.get(context) : undefined)),
    path: "/graphql",
    graphiql: false,
    jit: options.jit ?? 1,
    context: (request) => {
      const caller = callers.get(request);
      // Without a verified caller (mercurius formatting a refusal, e.g. a malformed body, before the
      // check ran) nothing executes: an empty context, never an anonymous one.
      if (!caller) return {};
      const scope: WriteScope = { actor: caller.sub, journal: [] };
      const context: Record<string, unknown> = options.createContext(caller, scope);
      contextCallers.set(context, caller);
      scopes.set(context, scope);
      return context;
    },
  });

  // Records written by this request go back to the gateway for the operation's audit entry.
  app.register(async () => {
    app.graphql.addHook("onResolution", async (execution, context) => {
      metrics.countErrors((execution.errors ?? []).map((e) => String(e.extensions?.code ?? "UNKNOWN")));
      const journal = scopes.get(context)?.journal;
      if (!journal?.length) return;
      execution.extensions = { ...execution.extensions, recordChanges: journal };
    });
  });

  options.routes?.(app, (request) => callers.get(request));
  app.get("/healthz", async () => ({ status: "ok", subgraph: options.name }));
  app.setNotFoundHandler((request, reply) => refuse(reply, ErrorCodes.ROUTE_NOT_FOUND, `No route ${request.method} ${request.url.split("?")[0]}`));
  if (options.onClose) app.addHook("onClose", async () => options.onClose!());
  return app;
}

/** What the kernel hands a department besides its database. */
export interface DepartmentServices {
  /** Which subject ids the credit office's directory does not know. */
  findMissingSubjects: FindMissingSubjects;
  /** Opaque cursors of the department's lists. */
  cursors: CursorCodec;
  /** The process configuration (absent in unit tests that need none). */
  config?: Readonly<Config>;
}

/** What a department contributes; the kernel does the rest (database, migrations, serving). */
export interface DepartmentDefinition<DB, Ctx extends Record<string, unknown>> {
  name: DepartmentName;
  migrations: Record<string, Migration>;
  buildSchema: () => Promise<GraphQLSchema>;
  createContext: (db: Kysely<DB>, caller: Caller, services: DepartmentServices, scope: WriteScope) => Ctx;
  /** The record table `npm run import` writes, for departments that keep records. */
  importSpec?: ImportSpec;
  /** Loads and checks what the department needs before it serves (fails fast at start-up). */
  prepare?: (config: Config) => void;
  /** A department with a `Subject` field: that field's resolver, to call directly (the bench's monolith peer). */
  resolveProfile?: (subject: { id: string }, ctx: Ctx) => Promise<unknown>;
}

export interface DepartmentAppOptions {
  /** Called once per SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  /** The directory check, for a department served alone (tests). @default the credit subgraph's, over signed HTTP */
  findMissingSubjects?: FindMissingSubjects;
  /** Fastify's JSON logger. @default from config.logLevel */
  logger?: false | { level: string };
}

/** A department's app: opens and migrates its database, builds its schema, serves it. */
export async function buildDepartmentApp<DB, Ctx extends Record<string, unknown>>(
  config: Config,
  department: DepartmentDefinition<DB, Ctx>,
  options: DepartmentAppOptions = {},
): Promise<FastifyInstance> {
  const { db, close } = createDatabase<DB>({
    department: department.name,
    dataDir: config.dataDir,
    databaseUrl: config.departments[department.name].databaseUrl,
    onQuery: options.onQuery,
  });
  // Whatever fails from here on (what the department prepares, its migrations, its schema) closes the database it opened.
  try {
    department.prepare?.(config);
    const services: DepartmentServices = {
      findMissingSubjects: options.findMissingSubjects ?? createDirectoryClient(config.departments.credit.url, config.gatewaySecret, department.name),
      cursors: createCursorCodec(config.gatewaySecret),
      config,
    };
    await migrateToLatest(db, department.migrations);
    return buildSubgraphApp({
      name: department.name,
      schema: await department.buildSchema(),
      gatewaySecret: config.gatewaySecret,
      createContext: (caller, scope) => department.createContext(db, caller, services, scope),
      onClose: close,
      routes: (app, callerOf) => {
        // A record department carries out the credit office's repair decisions (record-repair.ts).
        if (department.importSpec)
          installRepairRoutes(app, { db: db as AnyDatabase, department: department.name, table: department.importSpec.table }, callerOf);
        // Its record_changes reach the audit log even when a write's outcome entry did not (record-changes-route.ts).
        if ((RECORD_DEPARTMENTS as readonly string[]).includes(department.name))
          installRecordChangesRoute(app, db as unknown as Kysely<{ record_changes: RecordChangesTable }>, callerOf);
      },
      logger: options.logger ?? (config.logLevel === "silent" ? false : { level: config.logLevel }),
    });
  } catch (error) {
    await close();
    throw error;
  }
}
