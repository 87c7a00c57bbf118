// Identifiers in API Gateway's style: short lower-case alphanumerics for ids, 40 mixed-case
// alphanumerics for generated API key values.
import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A 10-character [a-z0-9] id (REST APIs, resources, deployments, keys, plans...). */
export const newId = (length = 10): string => randomString(LOWER, length);

/** A 40-character API key value, as CreateApiKey generates when none is given. */
export const newApiKeyValue = (): string => randomString(MIXED, 40);
