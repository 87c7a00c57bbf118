// The local cloud's one HTTP server: admin routes, the execute-api data plane, DynamoDB, and
// every control-plane service routed by the SigV4 credential scope (or X-Amz-Target).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOCAL_ACCOUNT_ID, systemClock, type CloudContext, type Clock, type LocalCredentials } from './context.js';
import { seededRandom, type FaultOptions } from './faults.js';
import { createDynamoDbEngine } from './dynamodb/index.js';
import { createGateway } from './gateway/index.js';
import type { GatewayRequest } from './gateway/types.js';
import { AwsServiceError } from './protocol/errors.js';
import { renderError } from './protocol/render.js';
import { dispatchOperation } from './protocol/dispatch.js';
import { closeStates } from './persist.js';
import { parseCredentialScope, serviceFromTarget, type AwsRequest, type AwsResponse } from './protocol/request.js';
import type { LocalService } from './service.js';
import { serviceFactories } from './services.js';
import { safeDecode } from './protocol/request.js';
import { credentialLookup } from './auth/sigv4/credentials.js';
import { createGate, type Plane } from './gate/index.js';
import { parseRequestTarget, type RequestTarget } from './gate/request-target.js';
import type { WireShape } from './gate/refusals.js';
import { createIamEnforcer, type IamMode } from './iam/enforce/index.js';
import type { RuntimeOptions } from './runtimes/options.js';
import { createConsole } from './console/index.js';
import { ownOriginsOf } from './console/guard.js';
import { CallJournal, invocationOf, type CallInvocation, type CallRecord } from './call-journal.js';

export const DEFAULT_LOCAL_PORT = 4577;

/** Records a call in the journal. */
type RecordCall = (service: string, operation: string, extra?: Pick<CallRecord, 'request' | 'invocations'>) => void;

/** A deployed API's path as AWS hands it on: percent-decoded, but `%2B` kept (a `+` it must not confuse). */
function executePath(raw: string): string {
  return raw.split(/%2B/i).map(safeDecode).join('%2B');
}
/** A Lambda zip may be 50 MB; base64 in a JSON body makes it about 67 MB. Past this, 413. */
const MAX_BODY_BYTES = 80 * 1024 * 1024;

export interface LocalCloudOptions {
  /** 0 picks a free port. Default 4577. */
  port?: number;
  /** Default 127.0.0.1: the local cloud is never exposed beyond this machine unless asked. */
  host?: string;
  /** Default .discovery/local */
  stateDir?: string;
  region?: string;
  accountId?: string;
  clock?: Clock;
  faults?: FaultOptions;
  /** Accepted by AWS_IAM methods. Default test/test. */
  credentials?: LocalCredentials[];
  /** Host names accepted besides loopback, localhost and *.localhost (DNS-rebinding guard). */
  allowHosts?: string[];
  /** Origins whose web pages may call the control plane and /_local/* (default none). */
  allowOrigins?: string[];
  /** IAM evaluation of non-root callers in every service: refuse ('enforce', the default), record only ('audit'), or 'off'. */
  iam?: IamMode;
  /** Node binaries per runtime (nodePaths), their cache and registry, the warm worker cap, python3. */
  runtimes?: RuntimeOptions;
}

export type { CallRecord } from './call-journal.js';

export interface LocalCloud {
  url: string;
  port: number;
  ctx: CloudContext;
  /** Every call served since start or the last clearCalls(). */
  calls(): CallRecord[];
  clearCalls(): void;
  stop(): Promise<void>;
}

const EXECUTE_API_PATH = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/.*)?$/;
const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\.localhost(?::\d+)?$/i;

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const stateDir = resolve(options.stateDir ?? '.discovery/local');
  mkdirSync(stateDir, { recursive: true });
  const faults = options.faults ?? {};
  const ctx: CloudContext = {
    accountId: options.accountId ?? LOCAL_ACCOUNT_ID,
    defaultRegion: options.region ?? 'us-east-1',
    stateDir,
    clock: options.clock ?? systemClock,
    faults,
    credentials: options.credentials ?? [{ accessKeyId: 'test', secretAccessKey: 'test' }],
    url: '',
    port: 0,
    ports: {},
    runtimes: options.runtimes,
  };

  const services = new Map<string, LocalService>();
  for (const factory of serviceFactories) {
    const service = factory(ctx);
    services.set(service.name, service);
  }
  const dynamodb = await createDynamoDbEngine(stateDir, ctx.clock);
  ctx.ports.dynamodb = { sweepExpiredItems: () => dynamodb.sweepExpiredItems(), call: (operation, input) => dynamodb.call(operation, input) };
  const gateway = createGateway(ctx);
  const iamEnforcer = createIamEnforcer(ctx, options.iam ?? 'enforce');
  ctx.ports.iamEnforcement = iamEnforcer;
  // A host the user bound to explicitly (with --allow-remote) is a name clients will use.
  const boundHost = options.host && !['0.0.0.0', '::'].includes(options.host) ? [options.host] : [];
  const ownOrigins = () => ownOriginsOf(ctx.port, options.host);
  const gate = createGate(
    { allowHosts: [...boundHost, ...(options.allowHosts ?? [])], allowOrigins: options.allowOrigins, ownOrigins },
    { lookup: credentialLookup(ctx), clock: ctx.clock },
  );
  const shapeOf = (name: string): WireShape | undefined => (name === 'dynamodb' ? 'dynamodb' : services.get(name)?.protocol);
  const random = seededRandom(faults.seed ?? 1);
  const journal = new CallJournal(() => ctx.clock.now());
  const localConsole = createConsole({ ctx, gateway, ownOrigins, recordCall: (call) => journal.record(call) });

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const record: RecordCall = (service, operation, extra) => {
      const call: CallRecord = { service, operation, status: res.statusCode, ms: round(performance.now() - started) };
      if (extra) Object.assign(call, extra);
      journal.record(call);
    };
    // Once the answer is written out; the data plane records at once instead (a listener per request costs).
    const finish: RecordCall = (service, operation, extra) => res.once('finish', () => record(service, operation, extra));
    route(req, res, finish, record).catch((err: unknown) => {
      // Last line of defence: the server keeps serving whatever one request did.
      if (!res.headersSent) send(res, renderError('rest-json', 'Unknown', err));
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse, finish: RecordCall, record: RecordCall) {
    const url = parseRequestTarget(req.url);
    const host = req.headers.host ?? '';
    const hostMatch = EXECUTE_API_HOST.exec(host);
    const pathMatch = EXECUTE_API_PATH.exec(url.pathname);
    const plane: Plane = url.pathname.startsWith('/_local/') ? 'admin' : hostMatch || pathMatch ? 'execute-api' : 'control';
    const scope = parseCredentialScope(req.headers, url.searchParams);
    const target = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : undefined;
    const serviceName = scope?.service ?? serviceFromTarget(target) ?? 'unknown';

    const decision = gate.screen(req, url, plane, { name: serviceName, shape: shapeOf(serviceName) });
    for (const [name, value] of Object.entries(decision.headers ?? {})) res.setHeader(name, value);
    if (decision.refusal) {
      finish(plane === 'control' ? serviceName : plane, decision.refusal.operation);
      return send(res, decision.refusal);
    }

    if (plane === 'admin') {
      if (await localConsole.handle(req, res, url)) return;
      return admin(req, res, url);
    }

    if (plane === 'execute-api') {
      const body = await readBody(req);
      if (!body) return tooLarge(res, 'execute-api');
      let apiId: string, stage: string, path: string;
      if (pathMatch) {
        [apiId, stage, path] = [pathMatch[1]!, safeDecode(pathMatch[2]!), pathMatch[3] ?? '/'];
      } else {
        const [, stageSegment = '', ...rest] = url.pathname.split('/');
        [apiId, stage, path] = [hostMatch![1]!, safeDecode(stageSegment), `/${rest.join('/')}`];
      }
      const pathAsSent = executePath(path);
      const invocations: CallInvocation[] = [];
      const gatewayRequest: GatewayRequest = {
        method: req.method ?? 'GET',
        apiId,
        stage,
        path: pathAsSent.replace(/^\/+/, '/'),
        pathAsSent,
        query: url.searchParams,
        headers: req.headers,
        body,
        rawPath: url.pathname,
        rawQuery: url.search.replace(/^\?/, ''),
        host,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        rawHeaders: req.rawHeaders,
        // Passed down, not carried by AsyncLocalStorage: its promise hooks cost every request.
        onLogs: (functionName, events) => invocations.push(invocationOf(functionName, events)),
      };
      const answer = await gateway.handle(gatewayRequest);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      record('execute-api', `${req.method} ${stage}${path}`, { request: { apiId, stage, method: req.method ?? 'GET', path: safeDecode(path) }, invocations });
      return;
    }

    if (serviceName === 'dynamodb') {
      finish('dynamodb', target?.split('.')[1] ?? 'Unknown');
      const checked = await iamEnforcer.dynamodb(req, scope?.accessKeyId, scope?.region ?? ctx.defaultRegion);
      if (checked.refusal) return send(res, checked.refusal);
      return dynamodb.handle(req, res, checked.body);
    }

    const service = services.get(serviceName);
    const body = await readBody(req);
    if (!body) return tooLarge(res, serviceName);
    const presignedRefusal = decision.verifyPresigned ? gate.verifyPresigned(req, url, body, shapeOf(serviceName) ?? 'rest-json') : undefined;
    if (presignedRefusal) {
      finish(serviceName, presignedRefusal.operation);
      return send(res, presignedRefusal);
    }
    if (!service) {
      const answer = renderError('rest-json', 'Unknown', new AwsServiceError('UnknownServiceException',
        `The local cloud does not emulate service "${serviceName}". It serves: ${[...services.keys(), 'dynamodb', 'execute-api'].join(', ')}.`, 400));
      finish(serviceName, 'Unknown');
      return send(res, answer);
    }

    const awsRequest: AwsRequest = {
      method: req.method ?? 'GET',
      path: safeDecode(url.pathname),
      rawPath: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      service: serviceName,
      region: scope?.region ?? ctx.defaultRegion,
      accessKeyId: scope?.accessKeyId,
      target,
    };
    let answer: AwsResponse;
    try {
      if (faults.latencyMs) await ctx.clock.sleep(faults.latencyMs);
      if (faults.errorRate && random() < faults.errorRate) {
        const status = random() < 0.5 ? 500 : 503;
        throw new AwsServiceError(status === 500 ? 'InternalFailure' : 'ServiceUnavailable', 'Injected fault: the service is temporarily unavailable.', status);
      }
      answer = await dispatchOperation(ctx, service, awsRequest);
    } catch (err) {
      answer = renderError(service.protocol, operationHint(awsRequest), err);
      if (service.shapeError) answer = service.shapeError(answer);
    }
    finish(serviceName, answer.operation);
    send(res, answer);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: RequestTarget) {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/_local/health' && req.method === 'GET') {
      return json(200, { status: 'running', services: [...services.keys(), 'dynamodb', 'execute-api'], accountId: ctx.accountId, region: ctx.defaultRegion, pid: process.pid, stateDir });
    }
    // Calls served, and every IAM decision made for a non-root principal (the policy advisor reads
    // these); `after` + `waitMs` long-polls for newer calls (dev's request lines).
    const iam = () => ({ mode: iamEnforcer.mode, decisions: iamEnforcer.decisions() });
    if (url.pathname === '/_local/calls' && req.method === 'GET') {
      const after = Number(url.searchParams.get('after'));
      if (!url.searchParams.has('after') || !Number.isFinite(after)) return json(200, { calls: journal.all(), iam: iam() });
      return json(200, { calls: await journal.after(after, Number(url.searchParams.get('waitMs')) || 0), iam: iam() });
    }
    if (url.pathname === '/_local/calls' && req.method === 'DELETE') {
      journal.clear();
      iamEnforcer.clearDecisions();
      return json(200, { calls: [], iam: iam() });
    }
    return json(404, { message: `No admin route ${req.method} ${url.pathname}` });
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_LOCAL_PORT, options.host ?? '127.0.0.1', () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  ctx.port = port;
  ctx.url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`;

  return {
    url: ctx.url,
    port,
    ctx,
    calls: () => journal.all(),
    clearCalls: () => journal.clear(),
    async stop() {
      journal.close();
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
      await gateway.close?.();
      for (const service of services.values()) await service.close?.();
      await dynamodb.close();
      await closeStates(stateDir);
    },
  };
}

function send(res: ServerResponse, answer: AwsResponse) {
  const body = answer.body ?? '';
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function tooLarge(res: ServerResponse, service: string) {
  send(res, renderError('rest-json', 'Unknown', new AwsServiceError('RequestEntityTooLargeException',
    `Request must be smaller than ${MAX_BODY_BYTES} bytes for ${service}.`, 413)));
}

/** Reads the whole body; undefined when it exceeds the limit (the rest is drained, not kept). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function operationHint(req: AwsRequest): string {
  return req.target?.split('.').pop() ?? new URLSearchParams(req.body.toString('utf8')).get('Action') ?? `${req.method} ${req.path}`;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
