/**
 * The gateway's GraphQL, the page's only server: same origin, POST, the bearer token from this
 * browser session (never in a URL), the stated purpose for profile reads (percent-encoded UTF-8).
 */
export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; department?: string };
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
  get purpose(): string | null {
    return sessionStorage.getItem("purpose");
  },
  set purpose(value: string | null) {
    if (value) sessionStorage.setItem("purpose", value);
    else sessionStorage.removeItem("purpose");
  },
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends one of the app's documents (operations.ts) by its trusted-document id, as the gateway
 * requires of browsers with XINYI_TRUSTED_DOCUMENTS=required; a document the build did not see
 * goes as text (and is refused there).
 */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, options: { purpose?: boolean } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (options.purpose && session.purpose) headers["x-purpose"] = encodeURIComponent(session.purpose);
  const documentId = __DOCUMENT_IDS__[query];
  const request = documentId ? { documentId, variables } : { query, variables };
  const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify(request) });
  const body = (await response.json().catch(() => ({}))) as Answer<T>;
  if (response.status === 401) throw new HttpError(401, body.errors?.[0]?.message ?? "unauthenticated");
  if (!response.ok && !body.data) throw new HttpError(response.status, body.errors?.[0]?.message ?? response.statusText);
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
