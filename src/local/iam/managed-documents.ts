// The permissions of the AWS managed policies the local cloud knows, so attaching one grants
// locally what it grants on AWS. Documents are reduced to the services the local cloud emulates
// (AWS's versions also list services that do not exist here); ReadOnlyAccess is approximated by
// the read verbs of those services.
import type { PolicyDocument } from './evaluate/index.js';

const allow = (Action: string[], Resource: string | string[] = '*'): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] });

const LOGS_WRITE = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
const READ_VERBS = ['Get*', 'List*', 'Describe*', 'BatchGet*', 'Query', 'Scan'];
const READ_SERVICES = ['dynamodb', 'lambda', 'logs', 'iam', 'apigateway', 'events', 'sts'];

const DOCUMENTS: Record<string, PolicyDocument> = {
  AWSLambdaBasicExecutionRole: allow(LOGS_WRITE),
  AWSLambdaVPCAccessExecutionRole: allow([...LOGS_WRITE, 'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses']),
  AWSLambdaDynamoDBExecutionRole: allow(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', ...LOGS_WRITE]),
  AWSLambdaRole: allow(['lambda:InvokeFunction']),
  AmazonAPIGatewayPushToCloudWatchLogs: allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents']),
  AmazonAPIGatewayInvokeFullAccess: allow(['execute-api:Invoke', 'execute-api:ManageConnections'], 'arn:aws:execute-api:*:*:*'),
  AmazonDynamoDBFullAccess: allow(['dynamodb:*', 'application-autoscaling:*', 'cloudwatch:*', 'iam:GetRole', 'iam:ListRoles', 'lambda:CreateEventSourceMapping', 'lambda:DeleteEventSourceMapping', 'lambda:GetEventSourceMapping', 'lambda:ListEventSourceMappings', 'lambda:ListFunctions']),
  AmazonDynamoDBReadOnlyAccess: allow(['dynamodb:BatchGetItem', 'dynamodb:Describe*', 'dynamodb:List*', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PartiQLSelect', 'cloudwatch:GetMetricStatistics', 'cloudwatch:ListMetrics', 'iam:GetRole', 'iam:ListRoles', 'lambda:ListFunctions', 'lambda:ListEventSourceMappings', 'lambda:GetEventSourceMapping']),
  AWSLambda_FullAccess: allow(['lambda:*', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'iam:GetRole', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:ListRoles', 'iam:PassRole', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'dynamodb:ListTables', 'events:*', 'apigateway:GET']),
  CloudWatchLogsFullAccess: allow(['logs:*']),
  AdministratorAccess: allow(['*']),
  ReadOnlyAccess: allow(READ_SERVICES.flatMap((service) => READ_VERBS.map((verb) => `${service}:${verb}`))),
};

export function managedPolicyDocument(name: string): PolicyDocument | undefined {
  return Object.hasOwn(DOCUMENTS, name) ? DOCUMENTS[name] : undefined;
}
