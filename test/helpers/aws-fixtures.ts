// What tests against a test cloud (the local cloud or moto_server) keep needing: a role Lambda
// may assume, a function API Gateway may invoke, the error a call rejects with, and a Lambda
// payload read back as JSON.
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { ClientConfig } from './local-cloud.js';

/** The trust policy of a Lambda execution role. */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** Creates a role the AWS service (e.g. apigateway.amazonaws.com) may assume; returns its ARN. */
export async function createServiceRole(target: { clientConfig: ClientConfig }, name: string, service: string): Promise<string> {
  const iam = new IAMClient(target.clientConfig);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  return Role!.Arn!;
}

/** Creates a role Lambda may assume on the target (a TestCloud or a conformance target); returns its ARN. */
export const createLambdaRole = (target: { clientConfig: ClientConfig }, name: string): Promise<string> =>
  createServiceRole(target, name, 'lambda.amazonaws.com');

/** Creates a nodejs22.x function (index.handler in `zip`) API Gateway may invoke from any API of
 *  the account; returns its ARN. */
export async function createGatewayFunction(target: { clientConfig: ClientConfig; ctx: { accountId: string } }, role: string, name: string, zip: Uint8Array): Promise<string> {
  const lambda = new LambdaClient(target.clientConfig);
  const fn = await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: role, Handler: 'index.handler', Code: { ZipFile: zip } }));
  await lambda.send(new AddPermissionCommand({
    FunctionName: name, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${target.ctx.accountId}:*`,
  }));
  return fn.FunctionArn!;
}

/** The error an SDK call rejects with: its name (the AWS error code), HTTP status and message. */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail, and it succeeded');
}

/** A Lambda Invoke payload parsed as JSON. */
export const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));
