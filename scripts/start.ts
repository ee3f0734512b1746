/**
 * `npm start`: seeds a demo on first run, starts every department subgraph, the gateway, the
 * notices worker (subgraphs/credit/notices/) and (not
 * in production, and not when XINYI_OIDC_ISSUER names a provider already) the embedded OpenID
 * provider as separate supervised processes (a crashed one is restarted), waits until each answers,
 * prints where to go and the demo accounts; Ctrl-C (or SIGTERM) stops all.
 */
import "reflect-metadata";
import path from "node:path";
import { loadConfig, resolveDataDir, type Config } from "../shared/config.js";
import { createDatabase, migrateToLatest } from "../shared/db.js";
import { DEPARTMENT_NAMES } from "../shared/departments.js";
import { PROJECT_ROOT } from "../shared/paths.js";
import { runMain } from "../shared/serve.js";
import type { CreditDB } from "../subgraphs/credit/db.js";
import { migrations as creditMigrations } from "../subgraphs/credit/migrations/index.js";
import { parse, print } from "graphql";
import { EXAMPLE_HEADERS, EXAMPLE_QUERY } from "../gateway/src/graphiql.js";
import { mintToken } from "../gateway/src/jwt.js";
import type { EvaluationDB } from "../subgraphs/evaluation/db.js";
import { activePolicy } from "../subgraphs/evaluation/policy.js";
import { todayInChina } from "../shared/scalars.js";
import { serviceGateway } from "../shared/gateway-client.js";
import { DEMO_USERS, withDemoSecrets } from "./demo-keys.js";
import { demoAccounts, embeddedIssuer, type SelfSubjects } from "./oidc-provider-accounts.js";
import { runPopulationSnapshot } from "./evaluate/run-snapshot.js";
import { DEFAULT_AS_OF, DEFAULT_SEED } from "./generate/scale.js";
import { seedDepartments } from "./generate/seed-departments.js";
import { createSupervisor } from "./supervisor.js";

const DIST = path.join(PROJECT_ROOT, "dist");

async function countSubjects(config: Config): Promise<number> {
  const { db } = createDatabase<CreditDB>({ department: "credit", dataDir: config.dataDir, databaseUrl: config.departments.credit.databaseUrl });
  try {
    await migrateToLatest(db, creditMigrations);
    const row = await db
      .selectFrom("subjects")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await db.destroy();
  }
}

/** A person with a registered 诚信码 (the demo resident who signs in as itself), the first registered. */
async function findResident(config: Config): Promise<string | undefined> {
  const { db } = createDatabase<CreditDB>({ department: "credit", dataDir: config.dataDir, databaseUrl: config.departments.credit.databaseUrl });
  try {
    const row = await db
      .selectFrom("code_registrations")
      .select("subject_id")
      .where("status", "=", "ACTIVE")
      .orderBy("registered_at")
      .orderBy("id")
      .executeTakeFirst();
    return row?.subject_id;
  } finally {
    await db.destroy();
  }
}

async function findExample(gatewayUrl: string, token: string): Promise<{ id: string; name: string } | undefined> {
  const query = `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id name tax { records { id } } } } }`;
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "npm start: example subject" },
    body: JSON.stringify({ query }),
  });
  const nodes: { id: string; name: string; tax: { records: unknown[] } | null }[] = (await response.json()).data?.subjects?.nodes ?? [];
  return nodes.find((n) => (n.tax?.records.length ?? 0) > 0) ?? nodes[0];
}

/** The demo's first population snapshot, so `evaluationSnapshot` answers from the start. */
async function snapshotDemo(config: Config): Promise<void> {
  const { db } = createDatabase<EvaluationDB>({ department: "evaluation", dataDir: config.dataDir, databaseUrl: config.departments.evaluation.databaseUrl });
  try {
    await runPopulationSnapshot({
      gateway: serviceGateway(config, "evaluation"),
      operator: "npm start",
      db,
      policyVersion: activePolicy(config.policyFile).version,
      asOf: todayInChina(),
    });
  } finally {
    await db.destroy();
  }
}

/** The demo's first special credit reports (bidding, listing, licences), so the dashboard counts some. */
async function issueDemoReports(config: Config, gatewayUrl: string): Promise<void> {
  const token = await mintToken(config.auth, { sub: "demo-report-desk", scopes: ["report:issue"], ttlSeconds: 600 });
  const analyst = await mintToken(config.auth, { sub: "demo-report-desk", scopes: ["profile:read"], ttlSeconds: 600 });
  const post = async (query: string, variables: Record<string, unknown>, bearer: string) =>
    (
      await fetch(gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer}`, "x-purpose": "npm start: demo reports" },
        body: JSON.stringify({ query, variables }),
      })
    ).json();
  const page = await post(`{ subjects(first: 12, filter: { kind: ORGANIZATION }) { nodes { id } } }`, {}, analyst);
  const purposes = ["投标", "上市", "申请行政许可", "评优评先"];
  let issued = 0;
  for (const [i, { id }] of (page.data?.subjects?.nodes ?? []).entries()) {
    const answer = await post(
      `mutation($id: ID!, $p: String!) { issueCreditReport(subjectId: $id, purpose: $p) { number } }`,
      { id, p: purposes[i % 4] },
      token,
    );
    if (answer.data?.issueCreditReport) issued++;
  }
  process.stdout.write(`issued ${issued} demo special credit reports\n`);
}

/** The OpenID provider the gateway trusts: the one named, else (not in production) the embedded one, started below. */
function identityProvider(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; issuer?: string; embedded: boolean } {
  if (env.XINYI_OIDC_ISSUER) return { env, issuer: env.XINYI_OIDC_ISSUER, embedded: false };
  const config = loadConfig(env);
  if (config.nodeEnv === "production") return { env, embedded: false };
  const issuer = embeddedIssuer(config);
  return { env: { ...env, XINYI_OIDC_ISSUER: issuer }, issuer, embedded: true };
}

/** What `npm start` says about signing in: the provider and, for the embedded one, its accounts. */
function signInLines(issuer: string | undefined, embedded: boolean, applicant: readonly string[], self: SelfSubjects): string[] {
  if (!issuer) return ["  Sign-in:         no OpenID provider (XINYI_OIDC_ISSUER unset): tokens only"];
  return [
    `  OpenID provider: ${issuer}${embedded ? " (embedded demo provider)" : ""}  discovery ${issuer}/.well-known/openid-configuration, code + PKCE (S256)`,
    ...(embedded
      ? [
          "  Demo accounts (login / password [scopes]):",
          ...demoAccounts(applicant, self).map(
            (a) =>
              `    ${a.login} / ${a.password}  [${a.scopes.join(" ")}]${a.subjects ? ` acting for ${a.subjects.join(", ")}` : ""}${a.self ? ` as ${a.self}` : ""}  ${a.name}`,
          ),
        ]
      : []),
  ];
}

runMain(async () => {
  const idp = identityProvider(withDemoSecrets(process.env));
  const env = idp.env;
  const dataDir = resolveDataDir(env);
  const config = loadConfig(env);

  const firstRun = (await countSubjects(config)) === 0;
  if (firstRun) {
    process.stdout.write(`First run: seeding a demo Huzhou of ${config.demoSubjects} subjects into ${dataDir}\n`);
    await seedDepartments(config, { count: config.demoSubjects, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF });
  }

  const supervisor = createSupervisor();
  const stopAll = async (code: number) => {
    process.stdout.write("Stopping every process…\n");
    await supervisor.stopAll();
    process.exit(code);
  };
  process.once("SIGINT", () => void stopAll(0));
  process.once("SIGTERM", () => void stopAll(0));

  try {
    for (const name of DEPARTMENT_NAMES) {
      const healthUrl = config.departments[name].url.replace(/\/graphql$/, "/healthz");
      await supervisor.start({ label: name, script: path.join(DIST, `subgraphs/${name}/index.js`), env, healthUrl });
    }
    const base = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${config.gatewayPort}`;
    await supervisor.start({ label: "gateway", script: path.join(DIST, "gateway/src/index.js"), env, healthUrl: `${base}/healthz` });
    // The notices worker beside the credit office (its database; the departments' outboxes): 主动告知 and 到期提醒.
    await supervisor.start({
      label: "notices",
      script: path.join(DIST, "subgraphs/credit/notices/index.js"),
      env,
      healthUrl: `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${config.notices.port}/healthz`,
    });
    const tokens = await Promise.all(
      DEMO_USERS.map((u) =>
        mintToken(config.auth, { sub: u.sub, scopes: [...u.scopes], ttlSeconds: 12 * 3600, offers: "offers" in u ? [...u.offers] : undefined }),
      ),
    );
    const example = await findExample(`${base}/graphql`, tokens[0]);
    // The demo applicant acts for the example subject (a firm with records) unless told otherwise.
    const applicant = config.oidcProvider.applicantSubjects.length > 0 ? config.oidcProvider.applicantSubjects : example ? [example.id] : [];
    // The self-service accounts: a person with a registered 诚信码, and the example firm as a merchant.
    const self: SelfSubjects = {
      resident: config.oidcProvider.residentSubject ?? (await findResident(config)),
      merchant: config.oidcProvider.merchantSubject ?? example?.id,
    };
    if (idp.embedded) {
      await supervisor.start({
        label: "oidc-provider",
        script: path.join(DIST, "scripts/oidc-provider.js"),
        env: {
          ...env,
          XINYI_OIDC_APPLICANT_SUBJECTS: applicant.join(","),
          XINYI_OIDC_RESIDENT_SUBJECT: self.resident ?? "",
          XINYI_OIDC_MERCHANT_SUBJECT: self.merchant ?? "",
        },
        healthUrl: `${idp.issuer}/.well-known/openid-configuration`,
      });
    }
    if (firstRun) {
      await snapshotDemo(config);
      await issueDemoReports(config, `${base}/graphql`);
    }
    process.stdout.write(
      [
        "",
        "Xinyi is up.",
        `  GraphiQL:        ${base}/graphql`,
        `  Web app:         ${base}/dashboard/  (通过统一身份认证登录 with an account below; developers can paste a token instead)`,
        ...signInLines(idp.issuer, idp.embedded, applicant, self),
        `  Example subject: ${example ? `${example.id} (${example.name})` : "none"}`,
        `  Try:             ${print(parse(EXAMPLE_QUERY)).replace(/\s+/g, " ")}  (GraphiQL's first tab)`,
        `  Variables:       {"id": "${example?.id ?? "<id>"}"}`,
        `  Headers:         ${JSON.stringify(JSON.parse(EXAMPLE_HEADERS))}  (X-Purpose: percent-encoded UTF-8; needed with profile:read)`,
        '  诚信码:          mutation { issueCodePresentation(subjectId: "<a registered person>") { token qrSvg expiresAt } }  (the 诚信码 channel token)',
        '  Partner check:   { checkEligibility(presentation: "<the token the person shows>", offerId: "xing-bus-coupon") { eligible checkId } }  (the partner token; an organisation by subjectId: "<USCC>"; 信易+ catalogue: { incentiveCatalogue { scenarios { name } offers { id name } } })',
        "  Tokens (12 h; more with npm run token -- --sub <name> --scopes a,b [--offers x,y]):",
        ...DEMO_USERS.map((u, i) => `    ${u.label} [${u.scopes.join(" ")}]:\n      ${tokens[i]}`),
        `  Readiness:       ${base}/readyz   Metrics: ${base}/metrics`,
        `  Notices:         主动告知/到期提醒 worker (health :${config.notices.port}/healthz); 诚信码 channel webhook ${config.notices.codeChannel?.url ?? "unset (XINYI_CODE_CHANNEL_WEBHOOK): persons' notices wait queued"}; { notifications(subjectId: "<id>") { nodes { kind status textZh } } } (dept:credit)`,
        "  A process that crashes is restarted; Ctrl-C stops every process.",
        "",
      ].join("\n"),
    );
  } catch (error) {
    await supervisor.stopAll();
    throw error;
  }
});
