// A function invoked once a deploy changed something (a registrar re-registers). The planner
// keeps its call only when some other step has calls.
import { call } from '../calls.js';
import { noOrphans, type KindModule } from './kind.js';

export const invokeAfterDeploy: KindModule<'invokeAfterDeploy'> = {
  read: { with: 'function' },
  diff(d) {
    return {
      exists: true, reason: 'invoked after a deploy with changes',
      calls: [call('lambda:Invoke', { FunctionName: d.functionName, Qualifier: d.qualifier, InvocationType: 'RequestResponse', Payload: { $utf8: d.input } }, d.functionName)],
    };
  },
  orphans: noOrphans,
  deleteCalls: () => [],
  deleteRank: 6,
};
