// The AWS managed policies a serverless deploy attaches. AWS holds about a thousand; these are
// the ones GetPolicy answers for. Attaching any other aws-managed ARN is accepted (see model.ts).

export interface ManagedPolicy {
  name: string;
  path: string;
  id: string;
  description: string;
}

const POLICIES: ManagedPolicy[] = [
  { name: 'AWSLambdaBasicExecutionRole', path: '/service-role/', id: 'ANPAJNCQGXC42545SKXIK', description: 'Provides write permissions to CloudWatch Logs.' },
  { name: 'AWSLambdaVPCAccessExecutionRole', path: '/service-role/', id: 'ANPAJVTME3YLVNL72YR2K', description: 'Provides minimum permissions for a Lambda function to execute while accessing a resource within a VPC.' },
  { name: 'AWSLambdaDynamoDBExecutionRole', path: '/service-role/', id: 'ANPAIP7WNAGMIPYNW4WQG', description: 'Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs.' },
  { name: 'AWSLambdaRole', path: '/service-role/', id: 'ANPAJX4DPCRGTC4NFDUXI', description: 'Default policy for AWS Lambda service role.' },
  { name: 'AmazonAPIGatewayPushToCloudWatchLogs', path: '/service-role/', id: 'ANPAIK4GFO7HLKYN64ASK', description: 'Allows API Gateway to push logs to the account.' },
  { name: 'AmazonAPIGatewayInvokeFullAccess', path: '/', id: 'ANPAIIWAX2NOOQJ4AIEQ6', description: 'Provides full access to invoke APIs in Amazon API Gateway.' },
  { name: 'AmazonDynamoDBFullAccess', path: '/', id: 'ANPAINUGF2JSOSUY76KYA', description: 'Provides full access to Amazon DynamoDB.' },
  { name: 'AmazonDynamoDBReadOnlyAccess', path: '/', id: 'ANPAIY2XFNA232XJ6J7X2', description: 'Provides read only access to Amazon DynamoDB.' },
  { name: 'AWSLambda_FullAccess', path: '/', id: 'ANPAZKAPJZG4MW35THVLF', description: 'Grants full access to AWS Lambda service.' },
  { name: 'CloudWatchLogsFullAccess', path: '/', id: 'ANPAJ3ZGNWK2R5HW5BQFO', description: 'Provides full access to CloudWatch Logs.' },
  { name: 'AdministratorAccess', path: '/', id: 'ANPAIWMBCKSKIEE64ZLYK', description: 'Provides full access to AWS services and resources.' },
  { name: 'ReadOnlyAccess', path: '/', id: 'ANPAILL3HVNFSB6DCOWYQ', description: 'Provides read-only access to AWS services and resources.' },
];

/** Every AWS managed policy the local cloud knows, for ListPolicies. */
export const knownManagedPolicies = (): readonly ManagedPolicy[] => POLICIES;

export const AWS_MANAGED_PREFIX = 'arn:aws:iam::aws:policy';

export const managedPolicyArn = (p: ManagedPolicy) => `${AWS_MANAGED_PREFIX}${p.path}${p.name}`;

export function findManagedPolicy(arn: string): ManagedPolicy | undefined {
  return POLICIES.find((p) => managedPolicyArn(p) === arn);
}

/** Name of a policy from its ARN (the last path segment). */
export const policyNameFromArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
