/**
 * `npm start` runs this: the embedded OpenID provider (oidc-provider-server.ts) on its own port
 * (XINYI_OIDC_PORT, 4090) on 127.0.0.1 only, issuer `http://127.0.0.1:<port>`. Development and tests only: it refuses
 * to run with NODE_ENV=production, where XINYI_OIDC_ISSUER names the organisation's own provider.
 *
 * `node dist/scripts/oidc-provider.js --rotate-keys`: a new signing key from the provider's next
 * start (the previous one stays published for the tokens it signed).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../shared/config.js";
import { runMain } from "../shared/serve.js";
import { withDemoSecrets } from "./demo-keys.js";
import { rotateSigningKeys } from "./oidc-provider-keys.js";
import { createOidcServer } from "./oidc-provider-server.js";

runMain(async () => {
  const { values } = parseArgs({ options: { "rotate-keys": { type: "boolean", default: false } } });
  const config = loadConfig(withDemoSecrets(process.env));
  if (values["rotate-keys"]) {
    process.stdout.write(`new signing key ${await rotateSigningKeys(config.dataDir)}: the provider signs with it from its next start\n`);
    return;
  }
  if (config.nodeEnv === "production") {
    throw new Error("the embedded OpenID provider is for development and tests: in production set XINYI_OIDC_ISSUER to your identity provider");
  }
  const { server, issuer } = await createOidcServer(config);
  // Loopback only, whatever HOST says: its demo accounts' passwords are published, and its issuer
  // (http://127.0.0.1:<port>) is of use to nothing but this machine anyway.
  await new Promise<void>((resolve) => server.listen(config.oidcProvider.port, "127.0.0.1", resolve));
  process.stdout.write(`OpenID provider ${issuer} (pid ${process.pid})\n`);
  const close = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
});
