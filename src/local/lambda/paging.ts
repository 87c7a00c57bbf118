// Marker/MaxItems pagination as the Lambda list operations use it.
import { badRequest } from '../protocol/errors.js';

export function paginate<T>(items: T[], query: URLSearchParams, defaultMax = 50): { items: T[]; nextMarker?: string } {
  const max = Number(query.get('MaxItems') ?? defaultMax);
  if (!Number.isInteger(max) || max < 1 || max > 10_000) {
    throw badRequest('InvalidParameterValueException', `MaxItems must be an integer from 1 to 10000, got ${query.get('MaxItems')}.`);
  }
  const marker = query.get('Marker');
  const start = marker ? Number(Buffer.from(marker, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw badRequest('InvalidParameterValueException', 'The marker is not valid. Pass the NextMarker of the previous page.');
  const page = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
  return { items: page, nextMarker: next };
}
