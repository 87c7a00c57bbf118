#!/usr/bin/env node
// The local cloud's data plane measured side by side with a bare Node server and serverless-offline,
// in one run, interleaved, reported as ratios (issue #12). Run after `npm run build`:
//   node scripts/bench-local.mjs [--seconds 5] [--connections 32] [--rounds 3] [--no-serverless-offline] [--data-plane-only]
// Every server runs in a process of its own and so does the load generator (autocannon, one child
// per measurement), so no figure shares an event loop with what it measures:
//   - bare: `http.createServer` answering the handlers' small JSON;
//   - the local cloud, started by this project's CLI (`discovery-cli local start`), serving a MOCK
//     route, an AWS (non-proxy, VTL) and an AWS_PROXY route through a warm Node function, an
//     AWS_PROXY route through a warm Python function, and this project's discovery catalog lookup
//     (API Gateway -> VTL -> Lambda -> DynamoDB GetItem), deployed by `discovery-cli deploy`;
//   - serverless-offline@13 (with serverless@3, installed by this script from npm into a cache
//     folder) serving the same Node and Python handlers as lambda-proxy routes.
// Each round measures every target once, in an order rotated per round; medians are reported.
// Then (unless --data-plane-only) the other targets of issue #12, by their own scripts: calls with
// the state filled against none held (bench-state.mjs) and 50 warm functions' memory (bench-workers.mjs).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { deployDiscoveryProject, median, REPO, startChild, startLocalCloudProcess, zipOf } from './lib/bench.mjs';
const BODY = '{"ok":true,"service":"bench"}';
const NODE_PROXY = `exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(BODY)} });\n`;
const NODE_PLAIN = `exports.handler = async (event) => ({ ok: true, service: event.service_name });\n`;
const PYTHON_PROXY = `def handler(event, context):\n    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": ${JSON.stringify(BODY)}}\n`;
const REQUEST_TEMPLATE = "{\"service_name\": \"$input.params('serviceName')\",\"service_version\": \"$input.params('serviceVersion')\"}";
const SERVERLESS_VERSIONS = { serverless: '3.40.0', 'serverless-offline': '13.10.1' };
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
// Four measured functions with up to 4 workers each, plus the registrar: all stay warm (the default
// cap of 16 would end some between runs, and their cold starts would land in the next run's p99).
const WARM_WORKERS = 24;

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
    'no-serverless-offline': { type: 'boolean', default: false },
    'data-plane-only': { type: 'boolean', default: false },
    only: { type: 'string' }, // comma-separated target keys (bare is always measured), for profiling
    'cloud-node-arg': { type: 'string', multiple: true, default: [] }, // e.g. --cpu-prof, for the local cloud's process
    'cloud-arg': { type: 'string', multiple: true, default: [] }, // e.g. --iam=off, for `local start` (what a feature costs)
    serve: { type: 'string' }, // internal: run as the bare server
  },
});

// ---------- processes ----------

/** The servers started, each with its stop(). */
const servers = [];
const stopServers = () => Promise.all(servers.map((server) => server.stop()));

/** One autocannon run in its own process; its JSON summary, and the CPU the server (`pid` and its
 *  descendants: the local cloud's workers, serverless-offline's runtimes) spent per request: on a
 *  shared machine the steadier figure of the two. */
async function autocannon(url, connections, seconds, pid) {
  const bin = join(REPO, 'node_modules', 'autocannon', 'autocannon.js');
  const cpuBefore = pid ? treeCpuMs(pid) : 0;
  const ownBefore = pid ? ownCpuMs(pid) : 0;
  const { stdout } = await promisify(execFile)(process.execPath, [bin, '-j', '-c', String(connections), '-d', String(seconds), url], { maxBuffer: 64 << 20 });
  const cpuMs = pid ? treeCpuMs(pid) - cpuBefore : NaN;
  const ownMs = pid ? ownCpuMs(pid) - ownBefore : NaN;
  const r = JSON.parse(stdout);
  return { rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, total: r.requests.total, cpuUsPerRequest: (cpuMs * 1000) / r.requests.total, ownCpuUsPerRequest: (ownMs * 1000) / r.requests.total };
}

/** User + system CPU of a process and its live descendants, from /proc (Linux; NaN elsewhere). */
function treeCpuMs(pid) {
  if (process.platform !== 'linux') return NaN;
  let ms = 0;
  const stack = [pid];
  while (stack.length) {
    const next = stack.pop();
    try {
      const fields = statFields(next);
      // utime, stime, and cutime, cstime: a worker that ended during the run (its CPU then counted
      // by the parent that reaped it) neither vanishes from the sum nor counts twice.
      ms += ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
      for (const task of readdirSync(`/proc/${next}/task`)) {
        for (const child of readFileSync(`/proc/${next}/task/${task}/children`, 'latin1').split(' ')) if (child) stack.push(Number(child));
      }
    } catch {
      // it ended meanwhile
    }
  }
  return ms;
}
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** User + system CPU of the process alone (not its workers). */
function ownCpuMs(pid) {
  try {
    const fields = statFields(pid);
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** /proc/<pid>/stat's fields after the command name (which may hold spaces): state is [0]. */
const statFields = (pid) => readFileSync(`/proc/${pid}/stat`, 'latin1').replace(/^.*\) /s, '').split(' ');

// ---------- the local cloud ----------

/** Functions and one REST API with the four routes, created through the SDK as any client would. */
async function deployRoutes(endpoint) {
  const { IAMClient, CreateRoleCommand } = await import('@aws-sdk/client-iam');
  const { LambdaClient, CreateFunctionCommand, AddPermissionCommand, waitUntilFunctionActiveV2 } = await import('@aws-sdk/client-lambda');
  const { APIGatewayClient, ImportRestApiCommand, CreateDeploymentCommand } = await import('@aws-sdk/client-api-gateway');
  const config = { endpoint, region: 'us-east-1', credentials };
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const { Role } = await new IAMClient(config).send(new CreateRoleCommand({ RoleName: 'bench-local', AssumeRolePolicyDocument: trust }));
  const lambda = new LambdaClient(config);
  const functions = [
    ['bench_node_plain', 'nodejs22.x', 'index.js', 'index.handler', NODE_PLAIN],
    ['bench_node_proxy', 'nodejs22.x', 'index.js', 'index.handler', NODE_PROXY],
    ['bench_python_proxy', 'python3.12', 'app.py', 'app.handler', PYTHON_PROXY],
  ];
  const arns = {};
  for (const [name, runtime, file, handler, source] of functions) {
    const fn = await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime, Role: Role.Arn, Handler: handler, Code: { ZipFile: await zipOf(file, source) } }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { FunctionName: name });
    await lambda.send(new AddPermissionCommand({
      FunctionName: name, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: fn.FunctionArn.replace(/^arn:aws:lambda:([^:]+):(\d+):.*$/, 'arn:aws:execute-api:$1:$2:*'),
    }));
    arns[name] = fn.FunctionArn;
  }
  const uri = (name) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arns[name]}/invocations`;
  const proxy = (name) => ({ get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: uri(name) } } });
  const swagger = {
    swagger: '2.0',
    info: { title: 'bench-local', version: '1.0.0' },
    paths: {
      '/mock': {
        get: {
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' },
            responses: { default: { statusCode: '200', responseTemplates: { 'application/json': BODY } } },
          },
        },
      },
      '/vtl/{serviceName}/{serviceVersion}': {
        get: {
          parameters: [{ name: 'serviceName', in: 'path', required: true, type: 'string' }, { name: 'serviceVersion', in: 'path', required: true, type: 'string' }],
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'aws', httpMethod: 'POST', uri: uri('bench_node_plain'),
            requestTemplates: { 'application/json': REQUEST_TEMPLATE }, responses: { default: { statusCode: '200' } },
          },
        },
      },
      '/node': proxy('bench_node_proxy'),
      '/python': proxy('bench_python_proxy'),
    },
  };
  const apigw = new APIGatewayClient(config);
  const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(swagger)) }));
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'bench' }));
  return `${endpoint}/restapis/${api.id}/bench/_user_request_`;
}

/** This project deployed by its own CLI; a service registered; the lookup URL. */
async function deployDiscovery(endpoint, work) {
  const stageUrl = await deployDiscoveryProject(endpoint, join(work, 'discovery-project'));
  const { createDiscoveryClient } = await import(pathToFileURL(join(REPO, 'dist/src/discovery/index.js')).href);
  const client = createDiscoveryClient({ catalogUrl: stageUrl, region: 'us-east-1', credentials });
  await client.register({ serviceName: 'bench_service', serviceVersion: '1.0', endpointUrl: 'https://bench.example/v1', ttl: 300, status: 'healthy' });
  return `${stageUrl.replace(/\/+$/, '')}/catalog/bench_service/1.0`;
}

/** What the catalog lookup's one SDK call costs: a DocumentClient GetCommand of a catalog entry,
 *  CPU per call in this process (the caller, as the handler in its worker) and in the local cloud
 *  serving it. With the Node proxy route's own cost they bound what the lookup route can reach. */
async function sdkGetItemCost(endpoint, cloudPid, calls = 2000) {
  const { DynamoDBClient, ListTablesCommand, ScanCommand } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient, GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
  const { TableNames } = await client.send(new ListTablesCommand({}));
  const TableName = TableNames.find((name) => name.endsWith('catalog'));
  const { Items: [entry] } = await client.send(new ScanCommand({ TableName, Limit: 1 }));
  const doc = DynamoDBDocumentClient.from(client);
  const get = () => doc.send(new GetCommand({ TableName, Key: { name: entry.name.S, version: entry.version.S }, ConsistentRead: true }));
  for (let i = 0; i < calls / 4; i++) await get(); // JIT, connections
  const own = process.cpuUsage();
  const cloudBefore = ownCpuMs(cloudPid);
  for (let i = 0; i < calls; i++) await get();
  const used = process.cpuUsage(own);
  client.destroy();
  return { callerUs: (used.user + used.system) / calls, cloudUs: ((ownCpuMs(cloudPid) - cloudBefore) * 1000) / calls };
}

// ---------- serverless-offline ----------

/** serverless@3 + serverless-offline@13 in a cache folder (installed once from npm), with the same handlers. */
async function startServerlessOffline(work) {
  const install = join(homedir(), '.cache', 'discovery-cli', 'bench', `serverless-offline-${SERVERLESS_VERSIONS['serverless-offline']}`);
  if (!existsSync(join(install, 'node_modules', 'serverless-offline'))) {
    process.stderr.write(`installing serverless@${SERVERLESS_VERSIONS.serverless} and serverless-offline@${SERVERLESS_VERSIONS['serverless-offline']} into ${install} ...\n`);
    mkdirSync(install, { recursive: true });
    writeFileSync(join(install, 'package.json'), '{"private":true}\n');
    const packages = Object.entries(SERVERLESS_VERSIONS).map(([name, version]) => `${name}@${version}`);
    await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages], { cwd: install, maxBuffer: 64 << 20 });
  }
  const dir = join(work, 'serverless-offline-project');
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(install, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'handler.js'), NODE_PROXY);
  writeFileSync(join(dir, 'app.py'), PYTHON_PROXY);
  writeFileSync(join(dir, 'serverless.yml'), [
    'service: bench', "frameworkVersion: '3'", 'provider: { name: aws, runtime: nodejs20.x, region: us-east-1 }',
    'plugins: [serverless-offline]',
    'functions:',
    '  node: { handler: handler.handler, events: [ { http: { path: node, method: get } } ] }',
    '  python: { handler: app.handler, runtime: python3.11, events: [ { http: { path: python, method: get } } ] }',
    '',
  ].join('\n'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const env = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  const started = await startChild('serverless-offline', process.execPath,
    [join(install, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', '--httpPort', String(port), '--lambdaPort', String(port + 1), '--noPrependStageInUrl'],
    /Server ready/, { cwd: dir, env });
  servers.push(started);
  return { url: `http://localhost:${port}`, pid: started.child.pid };
}

// ---------- report ----------

async function main() {
  const seconds = Number(opts.seconds);
  const connections = Number(opts.connections);
  const rounds = Number(opts.rounds);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const work = mkdtempSync(join(tmpdir(), 'bench-local-'));
  try {
    const bareServer = await startChild('bare server', process.execPath, [fileURLToPath(import.meta.url), '--serve', 'bare'], /listening on (\S+)/);
    servers.push(bareServer);
    const relayServer = await startChild('relay server', process.execPath, [fileURLToPath(import.meta.url), '--serve', 'relay'], /listening on (\S+)/);
    servers.push(relayServer);
    const localCloud = await startLocalCloudProcess(join(work, 'cloud'), ['--lambda-state-delay-ms', '0', '--max-warm-workers', String(WARM_WORKERS), ...opts['cloud-arg']], opts['cloud-node-arg']);
    servers.push(localCloud);
    const cloud = localCloud.url;
    process.stderr.write(`local cloud at ${cloud}; deploying the routes and the discovery project ...\n`);
    const only = opts.only?.split(',');
    const base = await deployRoutes(cloud);
    const lookup = !only || only.includes('discovery') ? await deployDiscovery(cloud, work) : undefined;
    const targets = [
      { key: 'bare', label: 'bare Node http.createServer', url: bareServer.match[1], pid: bareServer.child.pid },
      { key: 'relay', label: 'bare Node + one pipe hop to a worker process (the floor of process isolation)', url: relayServer.match[1], pid: relayServer.child.pid },
      { key: 'mock', label: 'local cloud: MOCK', url: `${base}/mock` },
      { key: 'vtl', label: 'local cloud: AWS (VTL), warm Node Lambda', url: `${base}/vtl/testservice1/1.0`, lambda: true },
      { key: 'node', label: 'local cloud: AWS_PROXY, warm Node Lambda', url: `${base}/node`, lambda: true },
      { key: 'python', label: 'local cloud: AWS_PROXY, warm Python Lambda', url: `${base}/python`, lambda: true },
      { key: 'discovery', label: 'local cloud: discovery lookup (VTL, Lambda, GetItem)', url: lookup, lambda: true },
    ].map((t) => ({ pid: localCloud.child.pid, ...t }));
    if (!opts['no-serverless-offline'] && (!only || only.some((key) => key.startsWith('sls')))) {
      const sls = await startServerlessOffline(work);
      targets.push({ key: 'slsNode', label: 'serverless-offline: Node proxy', url: `${sls.url}/node`, pid: sls.pid });
      targets.push({ key: 'slsPython', label: 'serverless-offline: Python proxy', url: `${sls.url}/python`, pid: sls.pid });
    }
    if (only) targets.splice(0, targets.length, ...targets.filter((t) => t.key === 'bare' || only.includes(t.key)));
    // Warm-up: worker processes up to the concurrency, template caches, route trees, JIT.
    for (const t of targets) await autocannon(t.url, connections, 2);
    const runs = Object.fromEntries(targets.map((t) => [t.key, []]));
    for (let round = 0; round < rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length]);
      for (const t of order) {
        const r = await autocannon(t.url, connections, seconds, t.pid);
        runs[t.key].push(r);
        process.stderr.write(`round ${round + 1}/${rounds} ${t.key}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, ${r.cpuUsPerRequest.toFixed(0)} us CPU per request, ${r.errors} errors\n`);
      }
    }
    const getItem = lookup ? await sdkGetItemCost(cloud, localCloud.child.pid) : undefined;
    report(targets, runs, { seconds, connections, rounds, getItem });
  } finally {
    await stopServers();
    rmSync(work, { recursive: true, force: true });
  }
  if (!opts['data-plane-only'] && !opts.only) {
    for (const script of ['bench-state.mjs', 'bench-workers.mjs']) {
      console.log(`\n$ node scripts/${script}`);
      const { stdout } = await promisify(execFile)(process.execPath, [join(REPO, 'scripts', script)], { maxBuffer: 64 << 20 });
      process.stdout.write(stdout);
    }
  }
}

function report(targets, runs, { seconds, connections, rounds, getItem }) {
  const fig = Object.fromEntries(targets.map((t) => [t.key, {
    rps: median(runs[t.key].map((r) => r.rps)), p50: median(runs[t.key].map((r) => r.p50)), p99: median(runs[t.key].map((r) => r.p99)),
    cpu: median(runs[t.key].map((r) => r.cpuUsPerRequest)),
    ownCpu: median(runs[t.key].map((r) => r.ownCpuUsPerRequest)),
    errors: runs[t.key].reduce((n, r) => n + r.errors, 0),
  }]));
  const ratio = (a, b) => (fig[a] && fig[b] ? fig[a].rps / fig[b].rps : NaN);
  const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');
  const lines = [
    `bench-local: node ${process.version}, ${cpus().length} CPUs, ${connections} connections, ${seconds} s per run, ${rounds} interleaved rounds (medians), autocannon in its own process, local cloud with --max-warm-workers ${WARM_WORKERS}`,
    '',
    '| target | req/s | vs bare | p50 | p99 | server CPU per request | of it, the server process | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...targets.map((t) => `| ${t.label} | ${fig[t.key].rps.toFixed(0)} | ${x(ratio(t.key, 'bare'))} | ${fig[t.key].p50} ms | ${fig[t.key].p99} ms | ${fig[t.key].cpu.toFixed(0)} µs | ${fig[t.key].ownCpu.toFixed(0)} µs | ${fig[t.key].errors} |`),
    '(server CPU: user + system time of the server process and its descendants, the local cloud\'s workers included, over the requests served; then the server process alone)',
    '',
  ];
  if (fig.relay) {
    lines.push(`floor: process isolation alone (bare Node + one pipe hop to a worker) reaches ${x(ratio('relay', 'bare'))} of bare Node here, at ${fig.relay.cpu.toFixed(0)} µs CPU per request against ${fig.bare.cpu.toFixed(0)}: any route through a Lambda worker stays below it.`);
  }
  if (getItem && fig.node) {
    // The lookup route does what the Node proxy route does, plus the handler's SDK call and the
    // GetItem it asks for: its CPU per request is at least their sum.
    const bound = fig.node.cpu / (fig.node.cpu + getItem.callerUs + getItem.cloudUs);
    lines.push(`floor: the lookup's one SDK GetItem costs ${getItem.callerUs.toFixed(0)} µs CPU in its caller and ${getItem.cloudUs.toFixed(0)} µs in the local cloud; with the Node proxy route's ${fig.node.cpu.toFixed(0)} µs, lookups reach at most ${x(bound)} of that route's req/s on this CPU.`);
  }
  if (fig.relay || getItem) lines.push('');
  // The Lambda routes: VTL, Node proxy and Python proxy (the lookup has its own aim).
  const lambdaRoutes = targets.filter((t) => t.lambda && t.key !== 'discovery');
  const aims = [
    ['MOCK >= 0.6x bare', ratio('mock', 'bare') >= 0.6, x(ratio('mock', 'bare'))],
    ['AWS (VTL) warm Node >= 0.3x bare', ratio('vtl', 'bare') >= 0.3, x(ratio('vtl', 'bare'))],
    ['AWS_PROXY warm Node >= 0.3x bare', ratio('node', 'bare') >= 0.3, x(ratio('node', 'bare'))],
    ['AWS_PROXY Python >= 0.2x bare', ratio('python', 'bare') >= 0.2, x(ratio('python', 'bare'))],
    ['every Lambda route p99 <= 50 ms', lambdaRoutes.every((t) => fig[t.key].p99 <= 50), lambdaRoutes.map((t) => `${t.key} ${fig[t.key].p99} ms`).join(', ')],
    ['discovery lookups >= 0.5x AWS_PROXY Node', ratio('discovery', 'node') >= 0.5, x(ratio('discovery', 'node'))],
  ];
  if (fig.slsNode) {
    aims.push(['Node proxy >= 1.0x serverless-offline, p99 no worse', ratio('node', 'slsNode') >= 1 && fig.node.p99 <= fig.slsNode.p99, `${x(ratio('node', 'slsNode'))}, p99 ${fig.node.p99} vs ${fig.slsNode.p99} ms`]);
    aims.push(['Python proxy >= 1.0x serverless-offline, p99 no worse', ratio('python', 'slsPython') >= 1 && fig.python.p99 <= fig.slsPython.p99, `${x(ratio('python', 'slsPython'))}, p99 ${fig.python.p99} vs ${fig.slsPython.p99} ms`]);
  }
  for (const [aim, met, measured] of aims) lines.push(`aim: ${aim}: ${measured} (${met ? 'met' : 'NOT met'})`);
  console.log(lines.join('\n'));
}

/** Calls onFrame with each length-prefixed JSON frame that arrives on a stream. */
function readFrames(stream, onFrame) {
  let held = Buffer.alloc(0);
  stream.on('data', (chunk) => {
    held = Buffer.concat([held, chunk]);
    while (held.length >= 4 && held.length >= 4 + held.readUInt32BE(0)) {
      const size = held.readUInt32BE(0);
      const value = JSON.parse(held.subarray(4, 4 + size).toString());
      held = held.subarray(4 + size);
      onFrame(value);
    }
  });
}

/** One length-prefixed JSON frame. */
function frameOf(value) {
  const json = Buffer.from(JSON.stringify(value));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(json.length);
  return Buffer.concat([head, json]);
}

/** The bare server, or (relay) the bare server handing each request to one of RELAY_WORKERS child
 *  processes over a pipe with length-prefixed frames, one request per worker at a time as Lambda
 *  runs them: the cost of process isolation alone, with no API Gateway or Lambda semantics. */
function serve(relay) {
  const idle = [];
  const queued = [];
  const handOff = (worker, job) => {
    worker.job = job;
    worker.stdin.write(frameOf({ path: job.req.url, headers: job.req.headers }));
  };
  for (let i = 0; relay && i < RELAY_WORKERS; i++) {
    const worker = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', 'relay-worker'], { stdio: ['pipe', 'pipe', 'inherit'] });
    readFrames(worker.stdout, (answer) => {
      worker.job.res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
      worker.job.res.end(answer.body);
      const next = queued.shift();
      if (next) handOff(worker, next);
      else idle.push(worker);
    });
    idle.push(worker);
  }
  const server = createServer((req, res) => {
    if (!relay) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(BODY);
    }
    const worker = idle.pop();
    if (worker) handOff(worker, { req, res });
    else queued.push({ req, res });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
}
const RELAY_WORKERS = 4; // as many as the local cloud keeps per function under this load

if (opts.serve === 'bare' || opts.serve === 'relay') {
  serve(opts.serve === 'relay');
} else if (opts.serve === 'relay-worker') {
  readFrames(process.stdin, (event) => process.stdout.write(frameOf({ statusCode: 200, body: BODY, path: event.path })));
} else {
  main().catch((err) => {
    console.error(err?.stack ?? err);
    process.exitCode = 1;
  });
}
