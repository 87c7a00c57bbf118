// Failures a non-proxy integration maps to status codes by matching the Lambda error message:
// ".*NotFound.*" -> 404, ".*BadRequest.*" -> 400 (see swagger/catalog.json).

export function notFound(detail: string): Error {
  const err = new Error(`NotFound: ${detail}`);
  err.name = 'NotFound';
  return err;
}

export function badRequest(detail: string): Error {
  const err = new Error(`BadRequest: ${detail}`);
  err.name = 'BadRequest';
  return err;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${field} must be a non-empty string`);
  return value;
}

/** Names and versions are keys: no control characters (the instance separator is one). */
export function checkedName(value: unknown, field: string): string {
  const text = requireString(value, field);
  if (/[\u0000-\u001f]/.test(text)) throw badRequest(`${field} must not contain control characters`);
  return text;
}
