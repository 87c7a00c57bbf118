// What the local Lambda stores per function (persisted as one JSON document), and how the
// State / LastUpdateStatus of a version follow from the clock.

export interface VersionRecord {
  /** '$LATEST' or '1', '2', ... */
  version: string;
  runtime: string;
  role: string;
  handler: string;
  description: string;
  timeout: number;
  memorySize: number;
  environment?: Record<string, string>;
  architectures: string[];
  codeSha256: string;
  codeSize: number;
  /** AWS format: 2024-01-15T10:20:30.123+0000 */
  lastModified: string;
  revisionId: string;
  /** Clock ms when the last create or update began; the change completes after the state delay. */
  changedAt: number;
  change: 'create' | 'update';
  /** On a published version: the fingerprint of $LATEST it was published from. */
  publishedFrom?: string;
}

export interface AliasRecord {
  name: string;
  functionVersion: string;
  description: string;
  revisionId: string;
  routingConfig?: { AdditionalVersionWeights?: Record<string, number> };
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal: string | Record<string, string>;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyRecord {
  revisionId: string;
  statements: PolicyStatement[];
}

export interface FunctionRecord {
  name: string;
  region: string;
  latest: VersionRecord;
  versions: Record<string, VersionRecord>;
  /** Highest version number ever published (numbers are never reused). */
  lastVersion: number;
  aliases: Record<string, AliasRecord>;
  /** Resource policy per qualifier: '' is the unqualified function ($LATEST), else a version or alias. */
  policies: Record<string, PolicyRecord>;
  tags: Record<string, string>;
  /** PutFunctionConcurrency's ReservedConcurrentExecutions, while set. */
  reservedConcurrency?: number;
}

export interface LambdaData {
  functions: Record<string, FunctionRecord>;
}

export const LATEST = '$LATEST';

/** True while a create (Pending) or update (InProgress) of this version has not completed. */
export function changeInProgress(record: VersionRecord, now: number, delayMs: number): boolean {
  return now - record.changedAt < delayMs;
}

/** Lambda's LastModified timestamp format. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
