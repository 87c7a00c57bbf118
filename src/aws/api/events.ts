// EventBridge, as the engine uses it. Its SDK has no paginators: made with the SDK's own factory.
import {
  DeleteRuleCommand, EventBridgeClient, ListRulesCommand, ListTagsForResourceCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { createPaginator } from '@smithy/core';
import { service, type Paginator } from './service.js';

export const events = service({
  client: (aws) => aws.events,
  operations: {
    DeleteRule: DeleteRuleCommand, ListRules: ListRulesCommand, ListTagsForResource: ListTagsForResourceCommand, ListTargetsByRule: ListTargetsByRuleCommand,
    PutRule: PutRuleCommand, PutTargets: PutTargetsCommand, RemoveTargets: RemoveTargetsCommand,
  },
  paginators: {
    ListRules: createPaginator(EventBridgeClient, ListRulesCommand, 'NextToken', 'NextToken', 'Limit') as Paginator,
    ListTargetsByRule: createPaginator(EventBridgeClient, ListTargetsByRuleCommand, 'NextToken', 'NextToken', 'Limit') as Paginator,
  },
  after: {
    async PutTargets(_aws, input, out) {
      if (out.FailedEntryCount) throw new Error(`PutTargets on rule ${input.Rule} failed: ${out.FailedEntries?.map((e) => e.ErrorMessage).join('; ')}`);
    },
  },
});
