/**
 * The Hive Gateway runtime on the supergraph, with the Rust query planner, and its plugins.
 *
 * Plugins, in order: rate limits (an address is counted before its token is checked) → trusted
 * documents (the web app's, by id; required of browsers with XINYI_TRUSTED_DOCUMENTS=required) →
 * authentication → field authorization (the supergraph's `@authenticated` / `@requiresScopes`,
 * decided once per document and scopes) → operation limits and cost, with each operation's one
 * admission (the token's operation count, the budgets of person IDs named and of lookups finding
 * nobody, the cost: one call to the shared state) → audit → error codes → ID masking. The audit
 * comes after the admission, so every operation it records — its own refusals too (no purpose,
 * every field refused) — was charged to its token as well as its address: an audit row costs a
 * token's operation, and one token from many addresses cannot write more rows than its limit
 * (reviewer M3); an operation refused at the admission by the rate limits writes none, as a
 * request refused on arrival or a batch refused when parsed, and one refused there by a budget or
 * as too costly is recorded REFUSED by the audit (after its token was charged). Department calls go through our own transport
 * (department-transport.ts: signing, timeouts, circuit breakers, department-named errors), not
 * the runtime's fetch: runtime plugins that hook `onFetch` (upstream retry/timeout, header
 * propagation) do not see them.
 */
import { createGatewayRuntime, type GatewayRuntime } from "@graphql-hive/gateway-runtime";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
import type { Config } from "../../shared/config.js";
import type { departmentTransport } from "./department-transport.js";
import type { GraphiQLPage } from "./graphiql.js";
import { ipOf, type ServerContext } from "./http-shell.js";
import type { TokenVerifier } from "./jwt.js";
import type { AuditPlugin } from "./plugins/use-audit.js";
import { useAuth } from "./plugins/use-auth.js";
import { useErrorCodes } from "./plugins/use-error-codes.js";
import { useFieldAuthorization } from "./plugins/use-field-authorization.js";
import { type LimitsOptions, useLimits } from "./plugins/use-limits.js";
import { lookupBudget } from "./plugins/use-lookup-budget.js";
import { usePersonIdMasking } from "./plugins/use-person-id-masking.js";
import { useRateLimit } from "./plugins/use-rate-limit.js";
import { useTrustedDocuments } from "./plugins/use-trusted-documents.js";
import { type ServiceVerdict, useReplayGuardRefusal } from "./service-callers.js";
import type { GatewayState } from "./shared-state.js";

export interface RuntimeParts {
  config: Config;
  supergraph: string;
  transportEntries: Record<string, { location: string }>;
  transport: ReturnType<typeof departmentTransport>;
  /** Operation limits. @default see use-limits.ts */
  limits?: LimitsOptions;
  /** Largest batch of operations in one request. @default 5 */
  batchLimit?: number;
  graphiql: GraphiQLPage | undefined;
  /** The web app's documents, by id (web/trusted-documents.ts). */
  trustedDocuments: Map<string, string>;
  /** Rate limits, budgets and service nonces: this process's own, or the primary's for all workers. */
  state: GatewayState;
  /** Token verification; undefined: no authentication nor field authorization (a foreign supergraph under test). */
  verify: TokenVerifier | undefined;
  verifyService: (request: Request) => Promise<ServiceVerdict>;
  auditPlugin: AuditPlugin;
  auditRefusedToken: (request: Request, reason: string) => Promise<void>;
  /** Each request's server context, as the runtime was handed it. */
  serverContexts: WeakMap<Request, ServerContext>;
  countErrors: (codes: readonly string[]) => void;
}

export function createRuntime(parts: RuntimeParts): GatewayRuntime<ServerContext> {
  const { config } = parts;
  const production = config.nodeEnv === "production";
  const rateLimit = useRateLimit({
    state: parts.state,
    perSubjectPerMinute: config.rateLimit.perSubjectPerMinute,
    perIpPerMinute: config.rateLimit.perIpPerMinute,
    costPerMinute: config.rateLimit.costPerMinute,
    anonymousCostPerMinute: config.rateLimit.anonymousCostPerMinute,
    ipOf,
    isService: async (request) => (await parts.verifyService(request))?.ok === true,
  });
  const { verify, verifyService, auditRefusedToken } = parts;
  // The runtime's types do not carry the server context it was handed: Fastify's `{ req, reply }` (http-shell.ts).
  const rememberContext = {
    onRequest: ({ request, serverContext }: { request: Request; serverContext: unknown }) =>
      void parts.serverContexts.set(request, serverContext as ServerContext),
  };
  return createGatewayRuntime<ServerContext>({
    supergraph: parts.supergraph,
    unifiedGraphHandler,
    transportEntries: parts.transportEntries,
    transports: { http: parts.transport },
    logging: false,
    graphqlEndpoint: "/graphql",
    graphiql: parts.graphiql?.options ?? false,
    // GraphiQL's scripts inlined from the npm package (the default loads them from a CDN); loaded
    // only where GraphiQL is served: the bundle alone held ~30 MB of a production gateway's heap.
    renderGraphiQL: parts.graphiql?.render,
    landingPage: false,
    disableIntrospection: production ? { disableIf: () => true } : undefined,
    maskedErrors: production,
    batching: { limit: parts.batchLimit ?? 5 },
    // Browsers may call only from configured origins; none by default.
    cors: config.corsOrigins.length > 0 ? { origin: [...config.corsOrigins], credentials: true, methods: ["GET", "POST"] } : false,
    plugins: () => [
      rememberContext,
      useReplayGuardRefusal(verifyService),
      rateLimit,
      useTrustedDocuments({ documents: parts.trustedDocuments, required: config.trustedDocuments === "required" }),
      ...(verify ? [useAuth({ verify, verifyService, onRefused: auditRefusedToken }), useFieldAuthorization()] : []),
      useLimits({
        maxCost: config.maxOperationCost,
        ...parts.limits,
        state: parts.state,
        counts: rateLimit,
        budget: lookupBudget({
          state: parts.state,
          missesPerHour: config.rateLimit.lookupMissesPerHour,
          personIdsPerHour: config.rateLimit.personIdsPerHour,
          personIdsPerHourWriters: config.rateLimit.personIdsPerHourWriters,
          ipOf,
        }),
        onRefused: parts.auditPlugin.refused,
      }),
      // After the admission: every operation the audit answers or records was charged to its token (reviewer M3).
      parts.auditPlugin,
      useErrorCodes({ onErrors: parts.countErrors }),
      usePersonIdMasking(),
    ],
  });
}
