// CloudWatch Logs, as the engine uses it.
import { CreateLogGroupCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand, TagResourceCommand, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { service } from './service.js';

export const logs = service({
  client: (aws) => aws.logs,
  operations: { CreateLogGroup: CreateLogGroupCommand, DeleteLogGroup: DeleteLogGroupCommand, DescribeLogGroups: DescribeLogGroupsCommand, TagResource: TagResourceCommand },
  paginators: { DescribeLogGroups: paginateDescribeLogGroups },
});
