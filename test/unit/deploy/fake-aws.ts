// An in-memory fake of the engine's AWS facade (src/aws/api): the write operations plans send,
// with AWS's rules where they matter to convergence (duplicate names refused as AWS refuses them,
// a plan bound to stages or a rule with targets cannot be deleted, PublishVersion returns the
// latest version when nothing changed, patches applied path by path). Its store is a RemoteState,
// so "reading" the fake is a copy of what the reader would find.
import { createHash } from 'node:crypto';
import { CallLog } from '../../../src/aws/call-log.js';
import type { AwsApi, Input, OperationName, Output, PagedOperation } from '../../../src/aws/api/index.js';
import { TAG_DEFINITION, type FunctionSettings, type MethodSettingValues } from '../../../src/deploy/model.js';
import type { RemoteFunction, RemoteStage, RemoteState } from '../../../src/deploy/remote-state.js';
import { emptyRemoteState } from '../../../src/deploy/remote-state.js';

const ACCOUNT_ID = '123456789012';

class FakeError extends Error {
  constructor(name: string, message: string, readonly $metadata = { httpStatusCode: name.includes('NotFound') || name === 'NoSuchEntity' ? 404 : 400 }) {
    super(message);
    this.name = name;
  }
}
const notFound = (what: string) => new FakeError('NotFoundException', `${what} not found`);
const exists = (name: string, what: string) => new FakeError(name, `${what} already exists`);

type Handler = (input: Record<string, any>) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

const METHOD_FIELDS: Record<string, keyof MethodSettingValues> = {
  'throttling/rateLimit': 'throttlingRateLimit', 'throttling/burstLimit': 'throttlingBurstLimit', 'caching/enabled': 'cachingEnabled',
  'caching/ttlInSeconds': 'cacheTtlInSeconds', 'logging/loglevel': 'loggingLevel', 'metrics/enabled': 'metricsEnabled', 'logging/dataTrace': 'dataTraceEnabled',
};
const typed = (field: keyof MethodSettingValues, value: string): number | boolean | string =>
  field === 'loggingLevel' ? value : /Enabled$/.test(field) ? value === 'true' : Number(value);

export const sha256Base64 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');
const tagMap = (list?: { Key?: string; Value?: string }[]) => Object.fromEntries((list ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

export class FakeAws implements AwsApi {
  readonly log = new CallLog();
  readonly isAws = true;
  readonly sent: { operation: OperationName; input: unknown }[] = [];
  private next = 0;

  constructor(readonly state: RemoteState = emptyRemoteState(ACCOUNT_ID)) {}

  /** What the reader finds now: roles by the stage's prefix (the account-wide API Gateway role is never read). */
  read(prefix?: string): RemoteState {
    const copy = structuredClone(this.state);
    if (prefix) copy.roles = Object.fromEntries(Object.entries(copy.roles).filter(([name]) => name.startsWith(prefix)));
    return copy;
  }

  async send<O extends OperationName>(operation: O, input: Input<O>, resource?: string): Promise<Output<O>> {
    return this.log.track(operation, resource, async () => {
      this.sent.push({ operation, input });
      const handler = this.handlers[operation];
      if (!handler) throw new Error(`FakeAws does not implement ${operation}`);
      return (structuredClone(handler(input as never) ?? {}) as Output<O>);
    });
  }

  async find<O extends OperationName>(operation: O, input: Input<O>, resource?: string): Promise<Output<O> | undefined> {
    try {
      return await this.send(operation, input, resource);
    } catch (err) {
      if ((err as Error).name.includes('NotFound')) return undefined;
      throw err;
    }
  }

  // eslint-disable-next-line require-yield
  async *pages<O extends PagedOperation & OperationName>(operation: O): AsyncIterable<Output<O>> {
    throw new Error(`FakeAws is read through read(), not ${operation}`);
  }

  private id(prefix: string): string {
    return `${prefix}${(this.next++).toString(36).padStart(6, '0')}`;
  }

  private fn(name: string): RemoteFunction {
    const f = this.state.functions[String(name).replace(/^arn:.*:function:/, '').split(':')[0]!];
    if (!f) throw new FakeError('ResourceNotFoundException', `Function not found: ${name}`);
    return f;
  }

  private api(id: string) {
    const a = this.state.restApis.find((x) => x.id === id);
    if (!a) throw notFound(`Invalid API identifier specified ${id}`);
    return a;
  }

  private stage(apiId: string, name: string): RemoteStage {
    const s = this.api(apiId).stages[name];
    if (!s) throw notFound(`Invalid stage identifier specified ${name}`);
    return s;
  }

  private plan(id: string) {
    const p = this.state.usagePlans.find((x) => x.id === id);
    if (!p) throw notFound(`Invalid Usage Plan ID specified ${id}`);
    return p;
  }

  private readonly handlers: Partial<Record<OperationName, Handler>> = {
    'sts:GetCallerIdentity': () => ({ Account: this.state.accountId }),

    // IAM
    'iam:CreateRole': (i) => {
      if (this.state.roles[i.RoleName]) throw exists('EntityAlreadyExists', `Role with name ${i.RoleName}`);
      const service = JSON.parse(i.AssumeRolePolicyDocument).Statement[0].Principal.Service as string;
      this.state.roles[i.RoleName] = { name: i.RoleName, arn: `arn:aws:iam::${this.state.accountId}:role/${i.RoleName}`, tags: tagMap(i.Tags), trustedServices: [service], policies: {}, policyNames: [], attachedPolicyArns: [] };
      return { Role: { Arn: this.state.roles[i.RoleName]!.arn } };
    },
    'iam:UpdateAssumeRolePolicy': (i) => { this.role(i.RoleName).trustedServices = [JSON.parse(i.PolicyDocument).Statement[0].Principal.Service]; },
    'iam:TagRole': (i) => { Object.assign(this.role(i.RoleName).tags, tagMap(i.Tags)); },
    'iam:PutRolePolicy': (i) => {
      const r = this.role(i.RoleName);
      r.policies[i.PolicyName] = JSON.parse(i.PolicyDocument);
      r.policyNames = [...new Set([...(r.policyNames ?? []), i.PolicyName])];
    },
    'iam:DeleteRolePolicy': (i) => {
      const r = this.role(i.RoleName);
      if (!r.policyNames?.includes(i.PolicyName)) throw new FakeError('NoSuchEntity', `The role policy ${i.PolicyName} cannot be found.`);
      delete r.policies[i.PolicyName];
      r.policyNames = r.policyNames.filter((p) => p !== i.PolicyName);
    },
    'iam:AttachRolePolicy': (i) => { const r = this.role(i.RoleName); r.attachedPolicyArns = [...new Set([...(r.attachedPolicyArns ?? []), i.PolicyArn])]; },
    'iam:DetachRolePolicy': (i) => { const r = this.role(i.RoleName); r.attachedPolicyArns = (r.attachedPolicyArns ?? []).filter((p) => p !== i.PolicyArn); },
    'iam:DeleteRole': (i) => {
      const r = this.role(i.RoleName);
      if (r.policyNames?.length || r.attachedPolicyArns?.length) throw new FakeError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
      delete this.state.roles[i.RoleName];
    },

    // DynamoDB
    'dynamodb:CreateTable': (i) => {
      if (this.state.tables[i.TableName]) throw exists('ResourceInUseException', `Table ${i.TableName}`);
      const key = (type: string) => {
        const name = i.KeySchema.find((k: { KeyType: string }) => k.KeyType === type)?.AttributeName;
        return name ? { name, type: i.AttributeDefinitions.find((a: { AttributeName: string }) => a.AttributeName === name).AttributeType } : undefined;
      };
      this.state.tables[i.TableName] = { name: i.TableName, arn: `arn:aws:dynamodb:us-east-1:${this.state.accountId}:table/${i.TableName}`, status: 'ACTIVE', partitionKey: key('HASH'), sortKey: key('RANGE') };
      return { TableDescription: { TableStatus: 'ACTIVE' } };
    },
    'dynamodb:UpdateTimeToLive': (i) => {
      const t = this.state.tables[i.TableName];
      if (!t) throw new FakeError('ResourceNotFoundException', 'Requested resource not found');
      t.ttl = { attribute: i.TimeToLiveSpecification.AttributeName, enabled: i.TimeToLiveSpecification.Enabled };
    },
    'dynamodb:DeleteTable': (i) => {
      if (!this.state.tables[i.TableName]) throw new FakeError('ResourceNotFoundException', 'Requested resource not found');
      delete this.state.tables[i.TableName];
    },

    // Logs
    'logs:CreateLogGroup': (i) => {
      if (this.state.logGroups.includes(i.logGroupName)) throw exists('ResourceAlreadyExistsException', 'The specified log group');
      this.state.logGroups.push(i.logGroupName);
    },
    'logs:TagResource': () => undefined,
    'logs:DeleteLogGroup': (i) => {
      if (!this.state.logGroups.includes(i.logGroupName)) throw new FakeError('ResourceNotFoundException', 'The specified log group does not exist.');
      this.state.logGroups = this.state.logGroups.filter((g) => g !== i.logGroupName);
    },

    // Lambda
    'lambda:CreateFunction': (i) => {
      if (this.state.functions[i.FunctionName]) throw exists('ResourceConflictException', `Function ${i.FunctionName}`);
      this.state.functions[i.FunctionName] = {
        name: i.FunctionName, arn: `arn:aws:lambda:us-east-1:${this.state.accountId}:function:${i.FunctionName}`, settings: settingsFrom(i),
        codeSha256: sha256Base64(i.Code.ZipFile), tags: { ...(i.Tags ?? {}) }, versions: [], aliases: {}, policies: { '': [] },
      };
      return { State: 'Active' };
    },
    'lambda:UpdateFunctionConfiguration': (i) => { const f = this.fn(i.FunctionName); f.settings = settingsFrom(i); return {}; },
    'lambda:UpdateFunctionCode': (i) => { this.fn(i.FunctionName).codeSha256 = sha256Base64(i.ZipFile); return {}; },
    'lambda:TagResource': (i) => { Object.assign(this.fn(i.Resource).tags, i.Tags); },
    'lambda:PublishVersion': (i) => {
      const f = this.fn(i.FunctionName);
      if (i.CodeSha256 && i.CodeSha256 !== f.codeSha256) throw new FakeError('PreconditionFailedException', 'CodeSha256 does not match');
      const settings = { ...f.settings, description: i.Description ?? f.settings.description };
      const latest = f.versions.at(-1);
      // AWS publishes nothing new when code and configuration are those of the latest version.
      if (latest && latest.codeSha256 === f.codeSha256 && JSON.stringify(latest.settings) === JSON.stringify(settings)) return { Version: latest.version };
      const version = String(Number(latest?.version ?? 0) + 1);
      f.versions.push({ version, codeSha256: f.codeSha256, settings: structuredClone(settings) });
      return { Version: version };
    },
    'lambda:CreateAlias': (i) => {
      const f = this.fn(i.FunctionName);
      if (f.aliases[i.Name]) throw exists('ResourceConflictException', `Alias ${i.Name}`);
      this.checkVersion(f, i.FunctionVersion);
      f.aliases[i.Name] = { version: i.FunctionVersion };
    },
    'lambda:UpdateAlias': (i) => {
      const f = this.fn(i.FunctionName);
      if (!f.aliases[i.Name]) throw new FakeError('ResourceNotFoundException', `Alias not found: ${i.Name}`);
      this.checkVersion(f, i.FunctionVersion);
      f.aliases[i.Name] = { version: i.FunctionVersion };
    },
    'lambda:DeleteAlias': (i) => { const f = this.fn(i.FunctionName); delete f.aliases[i.Name]; delete f.policies[i.Name]; },
    'lambda:AddPermission': (i) => {
      const f = this.fn(i.FunctionName);
      if (i.Qualifier && !f.aliases[i.Qualifier] && !/^\d+$/.test(i.Qualifier)) throw new FakeError('ResourceNotFoundException', `Alias not found: ${i.Qualifier}`);
      const list = (f.policies[i.Qualifier ?? ''] ??= []);
      if (list.some((s) => s.sid === i.StatementId)) throw exists('ResourceConflictException', `The statement id (${i.StatementId}) provided`);
      list.push({ sid: i.StatementId, principal: i.Principal, sourceArn: i.SourceArn });
    },
    'lambda:RemovePermission': (i) => {
      const f = this.fn(i.FunctionName);
      const list = f.policies[i.Qualifier ?? ''] ?? [];
      if (!list.some((s) => s.sid === i.StatementId)) throw new FakeError('ResourceNotFoundException', 'The resource you requested does not exist.');
      f.policies[i.Qualifier ?? ''] = list.filter((s) => s.sid !== i.StatementId);
    },
    'lambda:DeleteFunction': (i) => { this.fn(i.FunctionName); delete this.state.functions[i.FunctionName]; },
    'lambda:Invoke': (i) => { this.fn(i.FunctionName); this.invocations.push(i.FunctionName); return { StatusCode: 200 }; },

    // API Gateway
    'apigateway:ImportRestApi': (i) => {
      const doc = JSON.parse(Buffer.from(i.body).toString('utf8')) as { info?: { title?: string } };
      const id = this.id('api');
      this.state.restApis.push({ id, name: doc.info?.title ?? id, tags: {}, createdDate: this.next, stages: {}, deployments: {} });
      return { id };
    },
    'apigateway:PutRestApi': (i) => { this.api(i.restApiId); },
    'apigateway:TagResource': (i) => {
      const m = /\/(restapis|apikeys|usageplans)\/([^/]+)(?:\/stages\/([^/]+))?$/.exec(i.resourceArn);
      if (!m) throw new FakeError('BadRequestException', `Invalid ARN ${i.resourceArn}`);
      const target = m[1] === 'restapis' ? (m[3] ? this.stage(m[2]!, m[3]) : this.api(m[2]!))
        : m[1] === 'apikeys' ? this.state.apiKeys.find((k) => k.id === m[2]) : this.plan(m[2]!);
      if (!target) throw notFound(`Invalid API Key identifier specified ${m[2]}`);
      Object.assign(target.tags, i.tags);
    },
    'apigateway:CreateDeployment': (i) => {
      const a = this.api(i.restApiId);
      const id = this.id('dep');
      a.deployments[id] = i.description ?? '';
      a.stages[i.stageName] ??= { name: i.stageName, variables: {}, methodSettings: {}, cacheClusterEnabled: false, tags: {} };
      a.stages[i.stageName]!.deploymentId = id;
      return { id };
    },
    'apigateway:DeleteStage': (i) => { this.stage(i.restApiId, i.stageName); delete this.api(i.restApiId).stages[i.stageName]; },
    'apigateway:DeleteRestApi': (i) => {
      this.api(i.restApiId);
      if (this.state.usagePlans.some((p) => p.apiStages.some((s) => s.apiId === i.restApiId))) throw new FakeError('ConflictException', 'Cannot delete: the API is in a usage plan');
      this.state.restApis = this.state.restApis.filter((a) => a.id !== i.restApiId);
    },
    'apigateway:UpdateStage': (i) => {
      const s = this.stage(i.restApiId, i.stageName);
      for (const op of i.patchOperations as { op: string; path: string; value?: string }[]) applyStagePatch(s, op);
    },
    'apigateway:CreateApiKey': (i) => {
      const id = this.id('key');
      this.state.apiKeys.push({ id, name: i.name, description: i.description ?? '', enabled: i.enabled ?? false, tags: { ...(i.tags ?? {}) }, createdDate: this.next });
      return { id };
    },
    'apigateway:UpdateApiKey': (i) => {
      const k = this.state.apiKeys.find((x) => x.id === i.apiKey);
      if (!k) throw notFound('Invalid API Key identifier');
      for (const op of i.patchOperations) {
        if (op.path === '/description') k.description = op.value ?? '';
        else if (op.path === '/enabled') k.enabled = op.value === 'true';
        else throw new FakeError('BadRequestException', `Invalid patch path ${op.path}`);
      }
    },
    'apigateway:DeleteApiKey': (i) => {
      if (!this.state.apiKeys.some((k) => k.id === i.apiKey)) throw notFound('Invalid API Key identifier');
      this.state.apiKeys = this.state.apiKeys.filter((k) => k.id !== i.apiKey);
      for (const p of this.state.usagePlans) p.keyIds = p.keyIds.filter((k) => k !== i.apiKey);
    },
    'apigateway:CreateUsagePlan': (i) => {
      const id = this.id('plan');
      for (const s of i.apiStages ?? []) this.stage(s.apiId, s.stage);
      this.state.usagePlans.push({
        id, name: i.name, description: i.description ?? '', apiStages: (i.apiStages ?? []).map((s: { apiId: string; stage: string }) => ({ apiId: s.apiId, stage: s.stage })),
        throttle: i.throttle ? { ...i.throttle } : undefined, quota: i.quota ? { offset: 0, ...i.quota } : undefined, tags: { ...(i.tags ?? {}) }, keyIds: [],
      });
      return { id };
    },
    'apigateway:UpdateUsagePlan': (i) => {
      const p = this.plan(i.usagePlanId);
      for (const op of i.patchOperations as { op: string; path: string; value?: string }[]) {
        const [field, sub] = op.path.split('/').slice(1);
        if (field === 'description') p.description = op.value ?? '';
        else if (field === 'apiStages') {
          const [apiId = '', stage = ''] = (op.value ?? '').split(':');
          if (op.op === 'add') { this.stage(apiId, stage); p.apiStages.push({ apiId, stage }); } else p.apiStages = p.apiStages.filter((s) => !(s.apiId === apiId && s.stage === stage));
        } else if (field === 'throttle') {
          if (op.op === 'remove' && !sub) delete p.throttle;
          else p.throttle = { ...(p.throttle ?? {}), [sub!]: Number(op.value) };
        } else if (field === 'quota') {
          if (op.op === 'remove' && !sub) delete p.quota;
          else p.quota = { period: 'DAY', limit: 0, offset: 0, ...(p.quota ?? {}), [sub!]: sub === 'period' ? op.value : Number(op.value) };
        } else throw new FakeError('BadRequestException', `Invalid patch path ${op.path}`);
      }
    },
    'apigateway:DeleteUsagePlan': (i) => {
      const p = this.plan(i.usagePlanId);
      if (p.apiStages.length) throw new FakeError('BadRequestException', 'Cannot delete Usage Plan with associated API stages');
      this.state.usagePlans = this.state.usagePlans.filter((x) => x.id !== p.id);
    },
    'apigateway:CreateUsagePlanKey': (i) => {
      const p = this.plan(i.usagePlanId);
      if (!this.state.apiKeys.some((k) => k.id === i.keyId)) throw notFound('Invalid API Key identifier');
      if (p.keyIds.includes(i.keyId)) throw exists('ConflictException', 'Usage Plan Key');
      p.keyIds.push(i.keyId);
    },
    'apigateway:DeleteUsagePlanKey': (i) => {
      const p = this.plan(i.usagePlanId);
      if (!p.keyIds.includes(i.keyId)) throw notFound('Invalid Usage Plan Key');
      p.keyIds = p.keyIds.filter((k) => k !== i.keyId);
    },
    'apigateway:UpdateAccount': (i) => { this.state.apiGatewayAccount = { cloudwatchRoleArn: i.patchOperations[0].value }; },

    // EventBridge
    'events:PutRule': (i) => {
      const existing = this.state.rules[i.Name];
      this.state.rules[i.Name] = { name: i.Name, arn: `arn:aws:events:us-east-1:${this.state.accountId}:rule/${i.Name}`, expression: i.ScheduleExpression, enabled: i.State !== 'DISABLED', targets: existing?.targets ?? [] };
    },
    'events:PutTargets': (i) => {
      const r = this.state.rules[i.Rule];
      if (!r) throw new FakeError('ResourceNotFoundException', `Rule ${i.Rule} does not exist.`);
      for (const t of i.Targets) r.targets = [...r.targets.filter((x) => x.id !== t.Id), { id: t.Id, arn: t.Arn, input: t.Input }];
      return { FailedEntryCount: 0 };
    },
    'events:RemoveTargets': (i) => {
      const r = this.state.rules[i.Rule];
      if (!r) throw new FakeError('ResourceNotFoundException', `Rule ${i.Rule} does not exist.`);
      r.targets = r.targets.filter((t) => !i.Ids.includes(t.id));
      return { FailedEntryCount: 0 };
    },
    'events:DeleteRule': (i) => {
      const r = this.state.rules[i.Name];
      if (!r) return;
      if (r.targets.length) throw new FakeError('ValidationException', 'Rule can\'t be deleted since it has targets.');
      delete this.state.rules[i.Name];
    },
  };

  readonly invocations: string[] = [];

  private role(name: string) {
    const r = this.state.roles[name];
    if (!r) throw new FakeError('NoSuchEntity', `The role with name ${name} cannot be found.`);
    return r;
  }

  private checkVersion(f: RemoteFunction, version: string): void {
    if (version !== '$LATEST' && !f.versions.some((v) => v.version === version)) throw new FakeError('ResourceNotFoundException', `Function not found: ${f.arn}:${version}`);
  }
}

function settingsFrom(i: Record<string, any>): FunctionSettings { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    runtime: i.Runtime ?? '', handler: i.Handler ?? '', memory: i.MemorySize ?? 128, timeout: i.Timeout ?? 3,
    description: i.Description ?? '', environment: { ...(i.Environment?.Variables ?? {}) }, roleArn: i.Role ?? '',
  };
}

/** One UpdateStage patch operation, on the normalised stage (method setting keys "*\/*" or "/path/GET"). */
function applyStagePatch(s: RemoteStage, op: { op: string; path: string; value?: string }): void {
  const parts = op.path.split('/').slice(1);
  if (parts[0] === 'variables') {
    if (op.op === 'remove') delete s.variables[parts[1]!];
    else s.variables[parts[1]!] = op.value ?? '';
  } else if (op.path === '/cacheClusterEnabled') {
    s.cacheClusterEnabled = op.value === 'true';
    if (s.cacheClusterEnabled) s.cacheClusterSize ??= '0.5'; // AWS's default size
  }
  else if (op.path === '/cacheClusterSize') s.cacheClusterSize = op.value;
  else if (parts[0] === 'accessLogSettings') {
    if (op.op === 'remove') delete s.accessLog;
    else s.accessLog = { destinationArn: '', format: '', ...s.accessLog, [parts[1] === 'destinationArn' ? 'destinationArn' : 'format']: op.value ?? '' };
  } else if (parts.length >= 2) {
    const [resource, method, ...rest] = parts as [string, string, ...string[]];
    const decoded = resource.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = resource === '*' ? '*/*' : decoded === '/' ? `/${method}` : `${decoded}/${method}`;
    if (op.op === 'remove' && rest.length === 0) { delete s.methodSettings[key]; return; }
    const field = METHOD_FIELDS[rest.join('/')];
    if (!field) throw new FakeError('BadRequestException', `Invalid method setting path ${op.path}`);
    s.methodSettings[key] = { ...(s.methodSettings[key] ?? {}), [field]: typed(field, op.value ?? '') };
  } else throw new FakeError('BadRequestException', `Invalid patch path ${op.path}`);
}

export { TAG_DEFINITION };
