/**
 * The embedded OpenID provider as tests run it: its own process (dist/scripts/oidc-provider.js,
 * compiled here from its sources and what they import), on a test federation's data folder, with
 * the federation's gateway as the web app's address. `startFederationWithProvider` starts both,
 * the gateway trusting the provider (XINYI_OIDC_ISSUER). `tokenThroughProvider` gets an access token
 * by the web app's own flow (authorization code + PKCE, the login form posted) without a browser.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";
import * as oauth from "oauth4webapi";
import { type DemoLogin, demoPassword } from "../scripts/oidc-provider-accounts.js";
import { freePorts } from "../scripts/process-stats.js";
import { PROJECT_ROOT } from "../shared/paths.js";
import { GATEWAY_RESOURCE, PLATFORM_SCOPES } from "../shared/scopes.js";
import { type Federation, type FederationOptions, startFederation, TEST_JWT_SECRET, TEST_SECRET } from "./federation.js";
import { waitUntil } from "./wait.js";

const ENTRY = "scripts/oidc-provider.ts";

/** Compiles the provider's entry and what it imports into dist/ (not the whole project: quicker, and another file's error cannot stop it). */
export function buildProvider(): void {
  const options = ["--outDir", "dist", "--rootDir", ".", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--target", "ES2022"];
  const flags = [
    "--skipLibCheck",
    "--esModuleInterop",
    "--sourceMap",
    "--experimentalDecorators",
    "--emitDecoratorMetadata",
    "--resolveJsonModule",
    "--strict",
    "--ignoreConfig",
  ];
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), ...options, ...flags, "--types", "node", ENTRY], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
  });
}

/** A free loopback port (held by nobody once answered). */
export const freePort = async (): Promise<number> => (await freePorts(1))[0];

export interface OidcProcess {
  issuer: string;
  /** What the process printed (for failures). */
  output(): string;
  /** Stops the process and starts it again (it reads its keys anew: a rotated key signs from now on). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The provider for `fed` on `port`, as its own process; answers once its discovery document does. */
export async function startOidcProvider(fed: Federation, port: number, env: Record<string, string> = {}): Promise<OidcProcess> {
  const issuer = `http://127.0.0.1:${port}`;
  let log = "";
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(process.execPath, ["--enable-source-maps", path.join(PROJECT_ROOT, "dist", ENTRY.replace(/\.ts$/, ".js"))], {
      env: {
        ...process.env,
        NODE_ENV: "test",
        XINYI_DATA_DIR: fed.config.dataDir,
        XINYI_GATEWAY_SECRET: TEST_SECRET,
        XINYI_JWT_SECRET: TEST_JWT_SECRET,
        XINYI_GATEWAY_URL: fed.gatewayUrl,
        XINYI_OIDC_PORT: String(port),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (c: Buffer) => (log += c.toString()));
    const running = child;
    await waitUntil(
      "the OpenID provider",
      async () => {
        if (running.exitCode !== null) throw new Error(`the OpenID provider exited (${running.exitCode})\n${log}`);
        return fetch(`${issuer}/.well-known/openid-configuration`).then(
          (r) => r.ok,
          () => false,
        );
      },
      30_000,
      () => log,
    );
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  };
  await launch();
  return {
    issuer,
    output: () => log,
    restart: async () => {
      await stop();
      await launch();
    },
    stop,
  };
}

/** A test federation whose gateway trusts an embedded provider started for it (and the test key, as always). */
export async function startFederationWithProvider(
  options: FederationOptions = {},
  providerEnv: Record<string, string> = {},
): Promise<{ fed: Federation; provider: OidcProcess }> {
  buildProvider();
  const port = await freePort();
  const fed = await startFederation({ ...options, env: { ...options.env, XINYI_OIDC_ISSUER: `http://127.0.0.1:${port}` } });
  try {
    return { fed, provider: await startOidcProvider(fed, port, providerEnv) };
  } catch (error) {
    await fed.close();
    throw error;
  }
}

/** A browser's cookies, as far as a flow over plain fetch needs them (one host; names are unique here). */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    header: () => [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
    take(response: Response) {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair, ...attributes] = cookie.split(";");
        const at = pair.indexOf("=");
        const expired = attributes.some((a) => /^\s*(max-age=0|expires=Thu, 01 Jan 1970)/i.test(a));
        if (expired) jar.delete(pair.slice(0, at));
        else jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
    },
  };
}

/**
 * An access token of the provider at `issuer` for a demo account, by the flow the web app runs:
 * discovery, an authorization request with PKCE (S256), state and nonce, the provider's login form
 * posted with the account's password, the code exchanged at the token endpoint (oauth4webapi).
 */
export async function tokenThroughProvider(
  issuer: string,
  appOrigin: string,
  login: DemoLogin,
  clientId = "xinyi-web",
): Promise<{ accessToken: string; idToken?: string }> {
  const insecure = { [oauth.allowInsecureRequests]: true };
  const server = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer), insecure));
  const client: oauth.Client = { client_id: clientId };
  const [verifier, state, nonce] = [oauth.generateRandomCodeVerifier(), oauth.generateRandomState(), oauth.generateRandomNonce()];
  const redirectUri = `${appOrigin}/dashboard/`;
  const start = new URL(server.authorization_endpoint!);
  const parameters = {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: ["openid", "profile", ...PLATFORM_SCOPES].join(" "),
    resource: GATEWAY_RESOURCE,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(parameters)) start.searchParams.set(name, value);
  const jar = cookieJar();
  let url = start.href;
  let init: { method?: string; headers?: Record<string, string>; body?: string } = {};
  // Redirects followed by hand (the cookies of each answer go with the next request) until the app's address.
  for (let step = 0; step < 10 && !url.startsWith(redirectUri); step++) {
    const response = await fetch(url, { ...init, redirect: "manual", headers: { ...init.headers, cookie: jar.header() } });
    jar.take(response);
    init = {};
    const next = response.headers.get("location");
    if (next) {
      url = new URL(next, url).href;
      continue;
    }
    const form = /action="([^"]*\/login)"/.exec(await response.text());
    if (!form) throw new Error(`the provider answered ${response.status} at ${url} with no login form`);
    url = new URL(form[1], url).href;
    init = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login, password: demoPassword(login) }).toString(),
    };
  }
  const callback = oauth.validateAuthResponse(server, client, new URL(url), state);
  const response = await oauth.authorizationCodeGrantRequest(server, client, oauth.None(), callback, redirectUri, verifier, {
    ...insecure,
    additionalParameters: { resource: GATEWAY_RESOURCE },
  });
  const tokens = await oauth.processAuthorizationCodeResponse(server, client, response, { expectedNonce: nonce, requireIdToken: true });
  return { accessToken: tokens.access_token, idToken: tokens.id_token };
}
