/** A JSON GraphQL error response for refusals before execution (401, 413, 429 ...). */
export function createErrorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
