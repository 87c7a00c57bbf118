// A published version matching the function's current code and settings. The description is
// not among them: AWS publishes a new version when only it changed, some endpoints (the local
// cloud) return the last one, and a version's description is metadata, not behaviour. Compared
// on it, a description-only change replanned a publish on every deploy there.
import { call } from '../calls.js';
import { noOrphans, upToDate, type KindModule } from './kind.js';
import { settingsDiffer } from './function.js';

export const functionVersion: KindModule<'functionVersion'> = {
  read: { with: 'function' },
  diff(d, { remote }) {
    const latest = remote.functions[d.functionName]?.versions.at(-1);
    if (latest && latest.codeSha256 === d.codeSha256 && settingsDiffer(d.settings, latest.settings).every((f) => f === 'description')) return upToDate({ version: latest.version });
    return {
      exists: false, reason: latest ? `version ${latest.version} differs from the code or configuration` : 'no published version',
      calls: [call('lambda:PublishVersion', { FunctionName: d.functionName, CodeSha256: d.codeSha256, Description: d.settings.description }, d.functionName, { outputs: { version: 'Version' } })],
    };
  },
  orphans: noOrphans, // versions go with their function
  deleteCalls: () => [],
  deleteRank: 7,
};
