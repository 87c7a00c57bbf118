// Identifiers as IAM makes them: a four-letter prefix (AIDA user, AROA role, ANPA policy, AKIA
// access key) and upper-case base32 characters; dates with seconds precision.
import { randomBytes } from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function randomId(length: number): string {
  return [...randomBytes(length)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

/** A secret access key: 40 characters of base64. */
export const randomSecret = () => randomBytes(30).toString('base64');
