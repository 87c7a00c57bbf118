// CloudWatch Logs, as the engine and `discovery-cli logs` use it.
import {
  CreateLogGroupCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand, FilterLogEventsCommand, TagResourceCommand, paginateDescribeLogGroups, paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { service } from './service.js';

export const logs = service({
  client: (aws) => aws.logs,
  operations: { CreateLogGroup: CreateLogGroupCommand, DeleteLogGroup: DeleteLogGroupCommand, DescribeLogGroups: DescribeLogGroupsCommand, TagResource: TagResourceCommand,
    FilterLogEvents: FilterLogEventsCommand },
  paginators: { DescribeLogGroups: paginateDescribeLogGroups, FilterLogEvents: paginateFilterLogEvents },
});
