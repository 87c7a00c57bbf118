// Temporary credentials the local STS issues (GetSessionToken, AssumeRole), kept under the state
// folder so a restart does not invalidate them; expired ones are dropped when new ones are issued.
import { createHash, randomBytes } from 'node:crypto';
import type { CredentialRecord } from '../auth/sigv4/credentials.js';
import type { Clock } from '../context.js';
import { PersistentState } from '../persist.js';

export interface SessionRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAtMs: number;
  /** Assumed-role ARN; undefined for GetSessionToken (the caller stays the account's user). */
  arn?: string;
  /** GetCallerIdentity's UserId: AROA...:session for an assumed role. */
  userId?: string;
}

interface StsData {
  sessions: Record<string, SessionRecord>;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomText(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export class SessionStore {
  private readonly state: PersistentState<StsData>;

  constructor(stateDir: string, private readonly clock: Clock) {
    this.state = new PersistentState<StsData>(stateDir, 'sts', () => ({ sessions: {} }));
  }

  issue(durationSeconds: number, principal: { arn?: string; userId?: string } = {}): SessionRecord {
    const now = this.clock.now();
    for (const [key, session] of Object.entries(this.state.data.sessions)) {
      if (session.expiresAtMs <= now) delete this.state.data.sessions[key];
    }
    const session: SessionRecord = {
      // AWS's temporary keys: ASIA + 16 characters.
      accessKeyId: `ASIA${randomText(16, KEY_ALPHABET)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`,
      // Whole seconds: Expiration is sent without milliseconds.
      expiresAtMs: Math.floor(now / 1000) * 1000 + durationSeconds * 1000,
      ...principal,
    };
    this.state.data.sessions[session.accessKeyId] = session;
    this.state.save();
    return session;
  }

  find(accessKeyId: string): SessionRecord | undefined {
    return Object.hasOwn(this.state.data.sessions, accessKeyId) ? this.state.data.sessions[accessKeyId] : undefined;
  }

  /** What the signature verifier needs: the secret, the token the request must carry, the expiry. */
  credential(accessKeyId: string): CredentialRecord | undefined {
    const session = this.find(accessKeyId);
    return session && { accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiresAtMs: session.expiresAtMs, arn: session.arn };
  }
}

/** A stable AROA id for roles IAM gave none (never expected; IAM always sets one). */
export const derivedRoleId = (roleArn: string) => `AROA${createHash('sha256').update(roleArn).digest('hex').slice(0, 17).toUpperCase()}`;
