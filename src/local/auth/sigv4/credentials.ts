// The secrets the local cloud can verify a signature with: the long-term keys it was started
// with (test/test by default), IAM users' access keys and the temporary ones its STS issued.
import type { CloudContext } from '../../context.js';

export interface CredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  /** Set for STS-issued credentials: the request must carry exactly this X-Amz-Security-Token. */
  sessionToken?: string;
  expiresAtMs?: number;
  /** The principal, e.g. arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION; undefined for the account's own keys. */
  arn?: string;
}

export type CredentialLookup = (accessKeyId: string) => CredentialRecord | undefined;

/** Resolved per call: the STS port is registered while services are built. */
export function credentialLookup(ctx: Pick<CloudContext, 'credentials' | 'ports'>): CredentialLookup {
  return (accessKeyId) => {
    const longTerm = ctx.credentials.find((c) => c.accessKeyId === accessKeyId);
    if (longTerm) return { accessKeyId, secretAccessKey: longTerm.secretAccessKey };
    return ctx.ports.iam?.findAccessKey(accessKeyId) ?? ctx.ports.sts?.findSession(accessKeyId);
  };
}
