// PublishVersion and ListVersionsByFunction: a version is a frozen copy of $LATEST, made only
// when code or configuration (its description included, as AWS) changed since the last one was
// published from it (otherwise that one is returned).
import { badRequest } from '../protocol/errors.js';
import type { LambdaCore } from './core.js';
import { LATEST, lambdaTimestamp, type FunctionRecord, type VersionRecord } from './model.js';
import { paginate } from './paging.js';

const fingerprint = (v: VersionRecord) =>
  JSON.stringify([v.codeSha256, v.runtime, v.role, v.handler, v.timeout, v.memorySize, v.environment ?? {}, v.architectures, v.description]);

export interface PublishInput {
  CodeSha256?: string;
  Description?: string;
  RevisionId?: string;
}

export function publishVersion(core: LambdaCore, fn: FunctionRecord, input: PublishInput = {}): VersionRecord {
  core.assertRevision(input.RevisionId, fn.latest.revisionId);
  if (input.CodeSha256 && input.CodeSha256 !== fn.latest.codeSha256) {
    throw badRequest('InvalidParameterValueException', `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${fn.latest.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`);
  }
  const last = fn.lastVersion > 0 ? fn.versions[String(fn.lastVersion)] : undefined;
  // A version may carry its own Description (PublishVersion's), so compare with $LATEST as it was then.
  const current = fingerprint(fn.latest);
  if (last && (last.publishedFrom ?? fingerprint(last)) === current) return last;
  const now = core.now();
  const version: VersionRecord = {
    ...structuredClone(fn.latest),
    version: String(fn.lastVersion + 1),
    description: input.Description ?? fn.latest.description,
    lastModified: lambdaTimestamp(now),
    revisionId: core.newRevision(),
    changedAt: now,
    change: 'create',
    publishedFrom: current,
  };
  fn.lastVersion += 1;
  fn.versions[version.version] = version;
  return version;
}

export function listVersions(core: LambdaCore, fn: FunctionRecord, query: URLSearchParams): Record<string, unknown> {
  const all = [fn.latest, ...Object.values(fn.versions).sort((a, b) => Number(a.version) - Number(b.version))];
  const { items, nextMarker } = paginate(all, query);
  return {
    Versions: items.map((v) => core.configuration(fn, v, { qualifyLatest: v.version === LATEST, listed: true })),
    ...(nextMarker ? { NextMarker: nextMarker } : {}),
  };
}
