// Shared by the Lambda e2e tests: a role, zips of small handlers, and error capture.
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { TestCloud } from '../../helpers/local-cloud.js';

export const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export async function createRole(cloud: TestCloud, name: string): Promise<string> {
  const iam = new IAMClient(cloud.clientConfig);
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
  return Role!.Arn!;
}

/** The error an SDK call rejects with: name, HTTP status and message. */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

export const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));
