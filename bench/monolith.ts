/**
 * The monolith peer: one Fastify + mercurius process serving the supergraph's API schema from the
 * same databases with every department's own resolvers — no federation, no planning, no second
 * hop: the limit a federated gateway is measured against. Whoever calls it is an admin (the
 * bare peers carry no security either).
 */
import Fastify from "fastify";
import { buildSchema, type GraphQLResolveInfo } from "graphql";
import mercurius from "mercurius";
import { printApiSchema } from "../scripts/compose-supergraph.js";
import type { Caller } from "../shared/caller.js";
import type { Config } from "../shared/config.js";
import { createDatabase } from "../shared/db.js";
import { DEPARTMENT_NAMES, PROFILE_DEPARTMENTS } from "../shared/departments.js";
import { createCursorCodec } from "../shared/pagination.js";
import { todayInChina } from "../shared/scalars.js";
import { createCreditContext } from "../subgraphs/credit/context.js";
import { SubjectResolver, toSubject } from "../subgraphs/credit/directory/subject.resolver.js";
import type { Subject } from "../subgraphs/credit/directory/subject.type.js";
import { activePolicy } from "../subgraphs/evaluation/policy.js";
import { evaluateProfile, type ProfileFacts } from "../subgraphs/evaluation/score.js";
import { DEPARTMENT_DEFINITIONS } from "../subgraphs/registry.js";

export function buildMonolith(config: Config, supergraphSdl: string) {
  const dbs = Object.fromEntries(
    DEPARTMENT_NAMES.map((name) => [
      name,
      createDatabase<never>({ department: name, dataDir: config.dataDir, databaseUrl: config.departments[name].databaseUrl }).db,
    ]),
  );
  const caller: Caller = { sub: "bench", scopes: ["admin"] };
  const services = { findMissingSubjects: async () => [], cursors: createCursorCodec(config.gatewaySecret) };
  const policy = activePolicy(config.policyFile);
  const credit = new SubjectResolver();
  const scope = { actor: caller.sub, journal: [] };
  const profileDepartments = PROFILE_DEPARTMENTS.map((d) => {
    const definition = DEPARTMENT_DEFINITIONS.find((def) => def.name === d.name);
    if (!definition?.resolveProfile) throw new Error(`${d.name}: its definition in subgraphs/registry.ts has no resolveProfile`);
    return { ...d, definition, resolveProfile: definition.resolveProfile };
  });
  // One context per request for the credit office and each department, as each subgraph makes one.
  const contextOf = () => ({
    credit: createCreditContext(dbs.credit, caller, services),
    departments: new Map(profileDepartments.map((d) => [d.name, d.definition.createContext(dbs[d.name], caller, services, scope)])),
  });
  type Ctx = ReturnType<typeof contextOf>;
  const departments: Record<string, (s: Subject, ctx: Ctx) => Promise<unknown>> = {
    listEntries: (s, ctx) => credit.listEntries(s, ctx.credit),
    commitments: (s, ctx) => credit.commitments(s, ctx.credit),
    ...Object.fromEntries(profileDepartments.map((d) => [d.profileField, (s: Subject, ctx: Ctx) => d.resolveProfile(s, ctx.departments.get(d.name))])),
  };
  const subjectFields = Object.fromEntries(Object.entries(departments).map(([field, load]) => [field, (s: Subject, _args: unknown, ctx: Ctx) => load(s, ctx)]));
  const app = Fastify();
  app.register(mercurius, {
    schema: buildSchema(printApiSchema(supergraphSdl)),
    resolvers: {
      Query: {
        subject: async (_: unknown, { id }: { id: string }, ctx: Ctx) => {
          const row = await ctx.credit.loaders.subject.load(id);
          return row ? toSubject(row, caller) : null;
        },
        subjects: (_: unknown, args: { first?: number; after?: string; filter?: never }, ctx: Ctx, info: GraphQLResolveInfo) =>
          credit.subjects(args.first, args.after, args.filter, ctx.credit, info),
      },
      Subject: {
        ...subjectFields,
        evaluation: async (s: Subject, { asOf }: { asOf?: string }, ctx: Ctx) => {
          const facts = Object.fromEntries(await Promise.all(Object.entries(departments).map(async ([field, load]) => [field, await load(s, ctx)])));
          // The department resolvers' outputs carry the facts the engine reads, as the federated representation does.
          const profile = { id: s.id, ...facts } as ProfileFacts;
          return { ...evaluateProfile(profile, policy, asOf ?? todayInChina()), evaluatedAt: new Date().toISOString() };
        },
      },
    } as never, // mercurius types resolvers loosely; these follow the API schema
    context: contextOf,
  });
  return app;
}
