// Lambda: functions (code and configuration updated only when they differ), published
// versions, aliases, and resource-policy permissions scoped to one API or rule.
import {
  AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, DeleteAliasCommand, DeleteFunctionCommand, InvokeCommand,
  PublishVersionCommand, RemovePermissionCommand, TagResourceCommand, UpdateAliasCommand, UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2, type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import type { Aws } from '../../aws/clients.js';
import { DIRECT_UPLOAD_LIMIT_BYTES } from '../../aws/errors.js';
import type { FunctionResource } from '../model.js';
import { createOrAdopt, nothingToRemove, type KindHandler } from './context.js';

/** Waits only when Lambda says the function is not ready yet (saves a call when it is). */
async function waitReady(aws: Aws, name: string, c: FunctionConfiguration | undefined, kind: 'active' | 'updated'): Promise<void> {
  const ready = kind === 'active' ? c?.State === 'Active' || c?.State === undefined : c?.LastUpdateStatus !== 'InProgress';
  if (ready) return;
  const wait = kind === 'active' ? waitUntilFunctionActiveV2 : waitUntilFunctionUpdatedV2;
  await aws.call('lambda:GetFunction', `${name} (waiting until ${kind})`, () => wait({ client: aws.lambda, ...aws.waiter }, { FunctionName: name }));
}

const waitUpdated = (aws: Aws, name: string) => () =>
  aws.call('lambda:GetFunction', `${name} (waiting for the update in progress)`, () => waitUntilFunctionUpdatedV2({ client: aws.lambda, ...aws.waiter }, { FunctionName: name })).then(() => undefined);

function configuration(r: FunctionResource) {
  const s = r.settings;
  return {
    FunctionName: r.name, Runtime: s.runtime as never, Handler: s.handler, Role: s.roleArn, MemorySize: s.memory, Timeout: s.timeout,
    Description: s.description, Environment: { Variables: s.environment },
  };
}

export const fn: KindHandler<'function'> = {
  async apply(r, step, { aws, artifacts }) {
    const zip = artifacts.zips[r.id];
    if (!zip) throw new Error(`No package was built for ${r.name}.`);
    if (zip.length > DIRECT_UPLOAD_LIMIT_BYTES) throw new Error(`The package of ${r.name} is ${(zip.length / 1048576).toFixed(1)} MB, above Lambda's 50 MB direct-upload limit. Make the bundle smaller.`);
    const onConflict = waitUpdated(aws, r.name);
    const updateCode = async () => {
      const c = await aws.call('lambda:UpdateFunctionCode', r.name, () => aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: r.name, ZipFile: zip })), { onConflict });
      await waitReady(aws, r.name, c, 'updated');
    };
    const updateConfiguration = async () => {
      const c = await aws.call('lambda:UpdateFunctionConfiguration', r.name, () => aws.lambda.send(new UpdateFunctionConfigurationCommand(configuration(r))), { onConflict });
      await waitReady(aws, r.name, c, 'updated');
    };
    const tag = () => aws.call('lambda:TagResource', r.name, () => aws.lambda.send(new TagResourceCommand({ Resource: r.arn, Tags: r.tags })));

    if (step.action === 'create') {
      await createOrAdopt(
        async () => {
          const c = await aws.call('lambda:CreateFunction', r.name, () => aws.lambda.send(new CreateFunctionCommand({
            ...configuration(r), Code: { ZipFile: zip }, Tags: r.tags, Publish: false, PackageType: 'Zip',
          })));
          await waitReady(aws, r.name, c, 'active');
        },
        async () => {
          await updateConfiguration();
          await updateCode();
          await tag();
        },
      );
    } else {
      if (step.changes.includes('configuration')) await updateConfiguration();
      if (step.changes.includes('code')) await updateCode();
      if (step.changes.includes('tags')) await tag();
    }
    return { arn: r.arn, name: r.name };
  },
  async remove(o, { aws }) {
    await aws.remove('lambda:DeleteFunction', o.name, () => aws.lambda.send(new DeleteFunctionCommand({ FunctionName: o.name })));
  },
};

export const functionVersion: KindHandler<'functionVersion'> = {
  async apply(r, _step, { aws }) {
    const v = await aws.call('lambda:PublishVersion', r.functionName, () => aws.lambda.send(new PublishVersionCommand({ FunctionName: r.functionName, CodeSha256: r.codeSha256 })), { onConflict: waitUpdated(aws, r.functionName) });
    return { version: v.Version ?? '$LATEST' };
  },
  remove: nothingToRemove, // versions go with their function
};

export const alias: KindHandler<'alias'> = {
  async apply(r, step, { aws }) {
    const update = () => aws.call('lambda:UpdateAlias', `${r.functionName}:${r.aliasName}`, () => aws.lambda.send(new UpdateAliasCommand({ FunctionName: r.functionName, Name: r.aliasName, FunctionVersion: r.version })));
    if (step.action === 'create') {
      await createOrAdopt(
        () => aws.call('lambda:CreateAlias', `${r.functionName}:${r.aliasName}`, () => aws.lambda.send(new CreateAliasCommand({ FunctionName: r.functionName, Name: r.aliasName, FunctionVersion: r.version }))),
        update,
      );
    } else {
      await update();
    }
    return { version: r.version };
  },
  async remove(o, { aws }) {
    if (!o.parent) return;
    await aws.remove('lambda:DeleteAlias', `${o.parent}:${o.name}`, () => aws.lambda.send(new DeleteAliasCommand({ FunctionName: o.parent, Name: o.name })));
  },
};

export const permission: KindHandler<'permission'> = {
  async apply(r, step, { aws }) {
    const where = `${r.functionName}${r.qualifier ? `:${r.qualifier}` : ''}`;
    const removeOld = () => aws.remove('lambda:RemovePermission', `${where} ${r.statementId}`, () => aws.lambda.send(new RemovePermissionCommand({ FunctionName: r.functionName, Qualifier: r.qualifier, StatementId: r.statementId })));
    const add = () => aws.call('lambda:AddPermission', where, () => aws.lambda.send(new AddPermissionCommand({
      FunctionName: r.functionName, Qualifier: r.qualifier, StatementId: r.statementId, Action: 'lambda:InvokeFunction',
      Principal: r.principal, SourceArn: r.sourceArn,
    })), { onConflict: waitUpdated(aws, r.functionName) });
    if (step.changes.includes('replace')) await removeOld();
    // A statement left by an interrupted run, possibly scoped differently: replace it.
    await createOrAdopt(add, async () => {
      await removeOld();
      return add();
    });
  },
  async remove(o, { aws }) {
    if (!o.parent) return;
    await aws.remove('lambda:RemovePermission', `${o.parent} ${o.name}`, () => aws.lambda.send(new RemovePermissionCommand({ FunctionName: o.parent, Qualifier: o.qualifier, StatementId: o.name })));
  },
};

export const invokeAfterDeploy: KindHandler<'invokeAfterDeploy'> = {
  async apply(r, _step, { aws }) {
    const out = await aws.call('lambda:InvokeFunction', r.functionName, () => aws.lambda.send(new InvokeCommand({
      FunctionName: r.functionName, Qualifier: r.qualifier, InvocationType: 'RequestResponse', Payload: Buffer.from(r.input),
    })));
    if (out.FunctionError) {
      const payload = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
      throw new Error(`The after-deploy invocation of ${r.functionName} failed (${out.FunctionError}): ${payload.slice(0, 500)}. See its logs in /aws/lambda/${r.functionName}.`);
    }
  },
  remove: nothingToRemove,
};
