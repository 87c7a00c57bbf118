// CloudWatch Logs groups: the function's and the stage's access log, tagged like the rest.
import { CreateLogGroupCommand, DeleteLogGroupCommand, TagResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createOrAdopt, type KindHandler } from './context.js';

export const logGroup: KindHandler<'logGroup'> = {
  async apply(r, _step, { aws }) {
    // Lambda makes the group itself on first invocation; then we only tag it.
    await createOrAdopt(
      () => aws.call('logs:CreateLogGroup', r.name, () => aws.logs.send(new CreateLogGroupCommand({ logGroupName: r.name, tags: r.tags }))),
      () => aws.call('logs:TagResource', r.name, () => aws.logs.send(new TagResourceCommand({ resourceArn: r.arn, tags: r.tags }))),
    );
  },
  async remove(o, { aws }) {
    await aws.remove('logs:DeleteLogGroup', o.name, () => aws.logs.send(new DeleteLogGroupCommand({ logGroupName: o.name })));
  },
};
