/**
 * The embedded OpenID provider as tests run it: its own process (dist/scripts/oidc-provider.js,
 * compiled here from its sources and what they import), on a test federation's data folder, with
 * the federation's gateway as the web app's address. `startFederationWithProvider` starts both,
 * the gateway trusting the provider (XINYI_OIDC_ISSUER).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { PROJECT_ROOT } from "../shared/paths.js";
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
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
