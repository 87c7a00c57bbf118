// PublishVersion and ListVersionsByFunction: a version is a frozen copy of $LATEST, made only
// when code or configuration changed since the last one (otherwise that one is returned).
import { badRequest } from '../protocol/errors.js';
import type { LambdaCore } from './core.js';
import { LATEST, lambdaTimestamp, type FunctionRecord, type VersionRecord } from './model.js';
import { paginate } from './paging.js';

const fingerprint = (v: VersionRecord) =>
  JSON.stringify([v.codeSha256, v.runtime, v.role, v.handler, v.timeout, v.memorySize, v.environment ?? {}, v.architectures]);

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
  if (last && fingerprint(last) === fingerprint(fn.latest)) return last;
  const now = core.now();
  const version: VersionRecord = {
    ...structuredClone(fn.latest),
    version: String(fn.lastVersion + 1),
    description: input.Description ?? fn.latest.description,
    lastModified: lambdaTimestamp(now),
    revisionId: core.newRevision(),
    changedAt: now,
    change: 'create',
  };
  fn.lastVersion += 1;
  fn.versions[version.version] = version;
  return version;
}

export function listVersions(core: LambdaCore, fn: FunctionRecord, query: URLSearchParams): Record<string, unknown> {
  const all = [fn.latest, ...Object.values(fn.versions).sort((a, b) => Number(a.version) - Number(b.version))];
  const { items, nextMarker } = paginate(all, query);
  return {
    Versions: items.map((v) => core.configuration(fn, v, { qualifyLatest: v.version === LATEST })),
    ...(nextMarker ? { NextMarker: nextMarker } : {}),
  };
}
