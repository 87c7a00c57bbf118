// The Origin rule: a browser names the page that sent a request in Origin, so any Origin not on
// the user's allow-list is a web page the user did not vouch for. Default: no origin is allowed.

/** "HTTP://Example.com:8080/" -> "http://example.com:8080". */
export function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

export function normalizeOrigins(origins: readonly string[]): Set<string> {
  return new Set(origins.map(normalizeOrigin).filter((o) => o.length > 0));
}

export function isOriginAllowed(origin: string, allowed: ReadonlySet<string>): boolean {
  return allowed.has('*') || allowed.has(normalizeOrigin(origin));
}

/** CORS headers for an allowed origin on the control plane and admin routes. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amz-request-id, x-amz-id-2, x-amz-apigw-id, date, etag',
    'vary': 'Origin',
  };
}

/** The answer to a preflight from an allowed origin. */
export function preflightHeaders(origin: string, requestedHeaders: string | undefined): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
    'access-control-allow-headers': requestedHeaders ?? 'authorization, content-type, x-amz-date, x-amz-target, x-amz-security-token, x-amz-content-sha256, x-amz-user-agent',
    'access-control-max-age': '600',
  };
}
