// What tests against a test cloud (the local cloud or moto_server) keep needing: a role Lambda
// may assume, the error a call rejects with, and a Lambda payload read back as JSON.
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
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
