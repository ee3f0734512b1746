/**
 * Signing in at the platform's OpenID provider (the gateway's /dashboard/sign-in.json names it):
 * the authorization code flow with PKCE (S256) as a public client, through oauth4webapi — discovery,
 * the authorization request, the callback's checks (state, issuer, nonce), the token request. The
 * access token goes where a pasted token goes (sessionStorage, api.ts); the ID token is kept to sign
 * out at the provider too (RP-initiated logout). Nothing here is secret: a public client has none.
 */
import * as oauth from "oauth4webapi";
import { isRecord, stringAt } from "../../shared/narrow.js";
import { session } from "./api.js";

/** What the gateway says about the provider (gateway/src/web-app.ts SignInSettings). */
export interface SignInSettings {
  issuer: string;
  clientId: string;
  resource: string;
  scopes: string[];
}

/** The flow's secrets between leaving for the provider and coming back (this tab only). */
interface PendingFlow {
  verifier: string;
  state: string;
  nonce: string;
  /** The view the person was on (hash route), returned to after sign-in. */
  hash: string;
}
const FLOW_KEY = "oidc-flow";

const isSignInSettings = (v: unknown): v is SignInSettings =>
  isRecord(v) &&
  typeof v.issuer === "string" &&
  typeof v.clientId === "string" &&
  typeof v.resource === "string" &&
  Array.isArray(v.scopes) &&
  v.scopes.every((s) => typeof s === "string");

const isPendingFlow = (v: unknown): v is PendingFlow =>
  isRecord(v) && typeof v.verifier === "string" && typeof v.state === "string" && typeof v.nonce === "string" && typeof v.hash === "string";

/** Why a sign-in did not complete: an OAuth error code (access_denied, …), or one of ours. */
export type SignInFailure = "access_denied" | "no_pending_flow" | "provider_unreachable" | (string & {});

let settings: Promise<SignInSettings | null> | undefined;

/** The provider to sign in at, or null when the gateway names none (token sign-in only). */
export function signInSettings(): Promise<SignInSettings | null> {
  settings ??= fetch("/dashboard/sign-in.json", { headers: { accept: "application/json" } })
    .then(async (r) => {
      const answer: unknown = r.ok ? await r.json() : null;
      return isSignInSettings(answer) ? answer : null;
    })
    .catch(() => null);
  return settings;
}

/** The web app's address at the provider: where it sends the person back, after sign-in and sign-out. */
const appUrl = (): string => `${location.origin}/dashboard/`;

/** Plain HTTP only to a provider on this machine (the embedded demo provider); anything else must be HTTPS. */
const onThisMachine = (issuer: URL): boolean => issuer.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);

const servers = new Map<string, Promise<oauth.AuthorizationServer>>();

/** The provider's metadata by discovery (once per page load). */
function authorizationServer(s: SignInSettings): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(s.issuer);
  let server = servers.get(s.issuer);
  if (!server) {
    server = oauth
      .discoveryRequest(issuer, { [oauth.allowInsecureRequests]: onThisMachine(issuer) })
      .then((response) => oauth.processDiscoveryResponse(issuer, response));
    server.catch(() => servers.delete(s.issuer));
    servers.set(s.issuer, server);
  }
  return server;
}

/** Leaves for the provider's login page (authorization request with PKCE, state and nonce). */
export async function startSignIn(s: SignInSettings): Promise<void> {
  const server = await authorizationServer(s);
  const flow: PendingFlow = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    hash: location.hash,
  };
  sessionStorage.setItem(FLOW_KEY, JSON.stringify(flow));
  const url = new URL(server.authorization_endpoint!);
  for (const [name, value] of Object.entries({
    client_id: s.clientId,
    redirect_uri: appUrl(),
    response_type: "code",
    scope: s.scopes.join(" "),
    resource: s.resource,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
  }))
    url.searchParams.set(name, value);
  location.assign(url.href);
}

/** Whether this page load is the provider sending the person back (a code or an error, with state). */
export const isSignInCallback = (): boolean => new URL(location.href).searchParams.has("state");

/**
 * Completes a sign-in the provider sent back: checks the answer against the pending flow, exchanges
 * the code for tokens (PKCE verifier), keeps them; the address bar is cleaned of the code at once.
 * Answers undefined on success, else why it failed.
 */
export async function completeSignIn(s: SignInSettings): Promise<SignInFailure | undefined> {
  const current = new URL(location.href);
  const stored = sessionStorage.getItem(FLOW_KEY);
  sessionStorage.removeItem(FLOW_KEY);
  const parsed: unknown = stored ? JSON.parse(stored) : undefined;
  const flow = isPendingFlow(parsed) ? parsed : undefined;
  history.replaceState(null, "", `${current.pathname}${flow?.hash ?? ""}`);
  if (!flow) return "no_pending_flow";
  const client: oauth.Client = { client_id: s.clientId };
  try {
    const server = await authorizationServer(s);
    const params = oauth.validateAuthResponse(server, client, current, flow.state);
    const response = await oauth.authorizationCodeGrantRequest(server, client, oauth.None(), params, appUrl(), flow.verifier, {
      additionalParameters: { resource: s.resource },
      [oauth.allowInsecureRequests]: onThisMachine(new URL(s.issuer)),
    });
    const tokens = await oauth.processAuthorizationCodeResponse(server, client, response, { expectedNonce: flow.nonce, requireIdToken: true });
    session.token = tokens.access_token;
    session.idToken = tokens.id_token ?? null;
    session.purpose = null;
    return undefined;
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError) return error.error;
    if (error instanceof TypeError) return "provider_unreachable";
    return stringAt(error, "code") ?? "sign_in_failed";
  }
}

/**
 * Where to send the person to sign out at the provider too (its end_session_endpoint, with the ID
 * token as hint and the app as the way back), or undefined when there is no provider session to end.
 */
export async function providerSignOutUrl(s: SignInSettings | null, idToken: string | null): Promise<string | undefined> {
  if (!s || !idToken) return undefined;
  const server = await authorizationServer(s).catch(() => undefined);
  if (!server?.end_session_endpoint) return undefined;
  const url = new URL(server.end_session_endpoint);
  url.searchParams.set("id_token_hint", idToken);
  url.searchParams.set("post_logout_redirect_uri", appUrl());
  url.searchParams.set("client_id", s.clientId);
  return url.href;
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined;

/** Calls `onExpired` when the token's `exp` passes while the page is open (on every page: a timer, not a request). */
export function watchExpiry(secondsLeft: number | undefined, onExpired: () => void): void {
  clearTimeout(expiryTimer);
  if (secondsLeft === undefined) return;
  // setTimeout's longest delay is 2^31-1 ms (~24 days); a token lives far less.
  expiryTimer = setTimeout(onExpired, Math.min(Math.max(0, secondsLeft * 1000), 2 ** 31 - 1));
}
