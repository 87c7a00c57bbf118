// Reads what exists on the target into a RemoteState: reads only, every kind's reader at once
// (kinds/<kind>.ts `read`); a second round only for things found by listing (stages of an API,
// keys of a plan, tags of a candidate).
import { parallel } from '../aws/call-log.js';
import { SdkApi, type AwsApi } from '../aws/api/index.js';
import { Aws } from '../aws/clients.js';
import { KINDS } from './kinds/index.js';
import { TAG_PROJECT, TAG_STAGE, type Tags } from './model.js';
import { emptyRemoteState, type Lookup, type RemoteState } from './remote-state.js';

export { parseStatements, settingsOf } from './kinds/function.js';
export { toRemoteStage } from './kinds/rest-api.js';
export { tagsOf as tagList } from './kinds/kind.js';

export async function readRemoteState(aws: AwsApi | Aws, lookup: Lookup, extraTables: string[] = []): Promise<RemoteState> {
  const api = aws instanceof Aws ? new SdkApi(aws) : aws;
  const state = emptyRemoteState('');
  const ours = (tags: Tags | undefined) => tags?.[TAG_PROJECT] === lookup.project && tags?.[TAG_STAGE] === lookup.stage;
  const ctx = { api, lookup, state, extraTables, ours };
  await parallel<void>([
    () => api.send('sts:GetCallerIdentity', {}).then((id) => { state.accountId = id.Account ?? ''; }),
    ...Object.values(KINDS).map((kind) => () => (typeof kind.read === 'function' ? kind.read(ctx) : Promise.resolve())),
  ]);
  return state;
}
