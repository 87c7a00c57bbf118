// A local cloud killed with SIGKILL (a real child process) while clients write to it: after a
// restart on the same state folder, every write it had acknowledged is there and the state loads.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { APIGatewayClient, CreateRestApiCommand, GetRestApisCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, GetLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { clientConfigAt } from '../../helpers/local-cloud.js';

/** `npm test` builds dist/ first. */
const DIST_INDEX = resolve('dist/src/local/index.js');
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

/** The local cloud in its own process (from dist/: `npm run build` first), its URL read from stdout. */
async function startChild(stateDir: string): Promise<{ child: ChildProcess; url: string }> {
  const script = `import(${JSON.stringify(DIST_INDEX)}).then((m) => m.startLocalCloud({ port: 0, stateDir: ${JSON.stringify(stateDir)} })).then((c) => console.log('URL ' + c.url))`;
  // A small compaction threshold: snapshots are written (in the background) while the load runs.
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DISCOVERY_STATE_COMPACT_BYTES: '16384' } });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((res, rej) => {
    lines.on('line', (line) => line.startsWith('URL ') && res(line.slice(4)));
    child.once('exit', (code) => rej(new Error(`local cloud exited with ${code} before listening`)));
  });
  return { child, url };
}

describe('the local cloud killed under write load', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'crash-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write (API Gateway, IAM, Logs) across a SIGKILL, and the state loads', async () => {
    const first = await startChild(stateDir);
    children.push(first.child);
    const config = { ...clientConfigAt(first.url), maxAttempts: 1 };
    const apigw = new APIGatewayClient(config);
    const iam = new IAMClient(config);
    const logs = new CloudWatchLogsClient(config);
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'crash' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'crash', logStreamName: 's' }));

    const ackedApis = new Map<string, string>(); // id -> description last acknowledged
    const ackedRoles: string[] = [];
    const ackedEvents: string[] = [];
    let acks = 0;
    let killed = false;
    const KILL_AFTER_ACKS = 240;
    const ack = () => {
      acks++;
      if (acks === KILL_AFTER_ACKS && !killed) {
        killed = true;
        first.child.kill('SIGKILL'); // while the other lanes have requests in flight
      }
    };
    const lane = async (n: number) => {
      for (let i = 0; !killed; i++) {
        try {
          if (i % 3 === 0) {
            const { id } = await apigw.send(new CreateRestApiCommand({ name: `crash-${n}-${i}`, description: 'v0' }));
            ackedApis.set(id!, 'v0');
            ack();
            await apigw.send(new UpdateRestApiCommand({ restApiId: id, patchOperations: [{ op: 'replace', path: '/description', value: 'v1' }] }));
            ackedApis.set(id!, 'v1');
          } else if (i % 3 === 1) {
            await iam.send(new CreateRoleCommand({ RoleName: `crash-${n}-${i}`, AssumeRolePolicyDocument: TRUST }));
            ackedRoles.push(`crash-${n}-${i}`);
          } else {
            const message = `event-${n}-${i}`;
            await logs.send(new PutLogEventsCommand({ logGroupName: 'crash', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message }] }));
            ackedEvents.push(message);
          }
          ack();
        } catch {
          if (!killed) throw new Error('a write failed before the kill');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, n) => lane(n)));
    await new Promise((res) => (first.child.exitCode !== null || first.child.signalCode !== null ? res(undefined) : first.child.once('exit', res)));
    expect(first.child.signalCode).toBe('SIGKILL');
    const files = readdirSync(stateDir);
    expect(files.some((f) => f.endsWith('.journal'))).toBe(true);
    expect(files, 'compacted under load (a snapshot was written)').toContain('iam.json');

    const second = await startChild(stateDir);
    children.push(second.child);
    const after = { ...clientConfigAt(second.url), maxAttempts: 1 };
    const apis = (await new APIGatewayClient(after).send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
    const found = new Map(apis.map((a) => [a.id!, a.description]));
    // An update in flight at the kill may or may not have landed; an acknowledged one has.
    for (const [id, description] of ackedApis) {
      if (description === 'v1') expect(found.get(id), `API ${id}`).toBe('v1');
      else expect(['v0', 'v1'], `API ${id}`).toContain(found.get(id));
    }
    const roles = new Set(((await new IAMClient(after).send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? []).map((r) => r.RoleName));
    for (const role of ackedRoles) expect(roles.has(role), `role ${role}`).toBe(true);
    const events = new Set(((await new CloudWatchLogsClient(after).send(new GetLogEventsCommand({ logGroupName: 'crash', logStreamName: 's', startFromHead: true, limit: 10000 }))).events ?? []).map((e) => e.message));
    for (const message of ackedEvents) expect(events.has(message), message).toBe(true);
    expect(ackedApis.size + ackedRoles.length + ackedEvents.length).toBeGreaterThan(100);
    second.child.kill('SIGTERM');
  }, 120_000);
});
