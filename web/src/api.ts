/**
 * The gateway's GraphQL, the page's only server: same origin, POST, the bearer token from this
 * browser session (never in a URL; got at the OpenID provider, sign-in.ts, or pasted), the stated
 * purpose for profile reads (percent-encoded UTF-8).
 */
export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  /** The gateway's and the departments' error extensions (shared/errors.ts): a validation error's problems, a repair's earliest date. */
  extensions?: { code?: string; department?: string; problems?: { field: string; message: string }[]; earliestDate?: string };
}

export interface Answer<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

export const session = {
  get token(): string | null {
    return sessionStorage.getItem("token");
  },
  set token(value: string | null) {
    if (value) sessionStorage.setItem("token", value);
    else sessionStorage.removeItem("token");
  },
  /** The ID token of a sign-in at the OpenID provider (sign-in.ts): the hint that signs out there too. */
  get idToken(): string | null {
    return sessionStorage.getItem("id_token");
  },
  set idToken(value: string | null) {
    if (value) sessionStorage.setItem("id_token", value);
    else sessionStorage.removeItem("id_token");
  },
  get purpose(): string | null {
    return sessionStorage.getItem("purpose");
  },
  set purpose(value: string | null) {
    if (value) sessionStorage.setItem("purpose", value);
    else sessionStorage.removeItem("purpose");
  },
};

/** A request the gateway refused as a whole (or that never reached it: status 0), with its error code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Dispatched on `window` when the gateway refuses the token (expired or revoked): the app asks to sign in again. */
export const SESSION_EXPIRED = "xinyi:session-expired";

/** Whether an error is the gateway refusing the token. */
export const isUnauthenticated = (error: unknown): boolean => error instanceof HttpError && error.status === 401;

/** The code of an error (a refusal, a network failure), for the message a person reads. */
export const errorCode = (error: unknown): string => (error instanceof HttpError ? error.code : "INTERNAL_SERVER_ERROR");

/** Seconds until the token's `exp` (negative: expired), or undefined when it states none. */
export function tokenSecondsLeft(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return typeof payload.exp === "number" ? payload.exp - Date.now() / 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends one of the app's documents (operations.ts) by its trusted-document id, as the gateway
 * requires of browsers with XINYI_TRUSTED_DOCUMENTS=required; a document the build did not see
 * goes as text (and is refused there). A refused token also dispatches SESSION_EXPIRED.
 */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, options: { purpose?: boolean } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (options.purpose && session.purpose) headers["x-purpose"] = encodeURIComponent(session.purpose);
  const documentId = __DOCUMENT_IDS__[query];
  const request = documentId ? { documentId, variables } : { query, variables };
  let response: Response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify(request) });
  } catch (error) {
    throw new HttpError(0, "NETWORK_ERROR", error instanceof Error ? error.message : String(error));
  }
  const body = (await response.json().catch(() => ({}))) as Answer<T>;
  const first = body.errors?.[0];
  if (response.status === 401) {
    window.dispatchEvent(new Event(SESSION_EXPIRED));
    throw new HttpError(401, first?.extensions?.code ?? "UNAUTHENTICATED", first?.message ?? "unauthenticated");
  }
  if (!response.ok && !body.data)
    throw new HttpError(response.status, first?.extensions?.code ?? `HTTP_${response.status}`, first?.message ?? response.statusText);
  return body;
}

/** The departments an answer's errors name (partial answers), under a path prefix when given. */
export function missingDepartments(answer: Answer<unknown>, pathPrefix?: string): string[] {
  return [
    ...new Set(
      (answer.errors ?? [])
        .filter((e) => !pathPrefix || e.path?.[0] === pathPrefix)
        .flatMap((e) => (e.extensions?.department ? [e.extensions.department] : [])),
    ),
  ];
}

/** The token's claims as the page reads them to choose what to show (the gateway decides what is allowed). */
export function tokenScopes(token: string): string[] {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    if (typeof payload.scope === "string") return payload.scope.split(" ").filter(Boolean);
    return Array.isArray(payload.scopes) ? payload.scopes : [];
  } catch {
    return [];
  }
}
