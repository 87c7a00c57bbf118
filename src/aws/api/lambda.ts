// Lambda, as the engine uses it. Calls that leave a function changing wait until it is ready,
// and a conflict (an update in progress) waits for it before the retry.
import {
  AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, DeleteAliasCommand, DeleteFunctionCommand, GetFunctionCommand, GetPolicyCommand,
  InvokeCommand, ListAliasesCommand, ListFunctionsCommand, ListVersionsByFunctionCommand, PublishVersionCommand, RemovePermissionCommand,
  TagResourceCommand, UpdateAliasCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, paginateListAliases,
  paginateListFunctions, paginateListVersionsByFunction, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2, type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import type { Aws } from '../clients.js';
import { service } from './service.js';

async function waitReady(aws: Aws, name: string | undefined, c: FunctionConfiguration, kind: 'active' | 'updated'): Promise<void> {
  const ready = kind === 'active' ? c.State === 'Active' || c.State === undefined : c.LastUpdateStatus !== 'InProgress';
  if (ready || !name) return;
  const wait = kind === 'active' ? waitUntilFunctionActiveV2 : waitUntilFunctionUpdatedV2;
  await aws.call('lambda:GetFunction', `${name} (waiting until ${kind})`, () => wait({ client: aws.lambda, ...aws.waiter }, { FunctionName: name }));
}

export const lambda = service({
  client: (aws) => aws.lambda,
  operations: {
    AddPermission: AddPermissionCommand, CreateAlias: CreateAliasCommand, CreateFunction: CreateFunctionCommand, DeleteAlias: DeleteAliasCommand,
    DeleteFunction: DeleteFunctionCommand, GetFunction: GetFunctionCommand, GetPolicy: GetPolicyCommand, Invoke: InvokeCommand,
    ListAliases: ListAliasesCommand, ListFunctions: ListFunctionsCommand, ListVersionsByFunction: ListVersionsByFunctionCommand,
    PublishVersion: PublishVersionCommand, RemovePermission: RemovePermissionCommand, TagResource: TagResourceCommand, UpdateAlias: UpdateAliasCommand,
    UpdateFunctionCode: UpdateFunctionCodeCommand, UpdateFunctionConfiguration: UpdateFunctionConfigurationCommand,
  },
  paginators: { ListFunctions: paginateListFunctions, ListAliases: paginateListAliases, ListVersionsByFunction: paginateListVersionsByFunction },
  after: {
    CreateFunction: (aws, input, out) => waitReady(aws, input.FunctionName, out, 'active'),
    UpdateFunctionCode: (aws, input, out) => waitReady(aws, input.FunctionName, out, 'updated'),
    UpdateFunctionConfiguration: (aws, input, out) => waitReady(aws, input.FunctionName, out, 'updated'),
    async Invoke(_aws, input, out) {
      if (!out.FunctionError) return;
      const payload = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
      throw new Error(`The invocation of ${input.FunctionName} failed (${out.FunctionError}): ${payload.slice(0, 500)}. See its logs in /aws/lambda/${input.FunctionName}.`);
    },
  },
  onConflict: (aws, _operation, input) => {
    const name = input.FunctionName as string | undefined;
    if (!name) return undefined;
    return () => aws.call('lambda:GetFunction', `${name} (waiting for the update in progress)`, () => waitUntilFunctionUpdatedV2({ client: aws.lambda, ...aws.waiter }, { FunctionName: name })).then(() => undefined);
  },
});
