// The stage lock that holds across machines: an item in an engine-owned DynamoDB table of the
// target account, taken with a conditional write and kept by a lease, as Terraform's DynamoDB
// state locking does. Two CI runners deploying one stage serialise here; a runner that dies
// leaves a lease that runs out. The local file lock (state.ts) stays in front of it for speed.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AwsApi } from '../../aws/api/index.js';
import { errorName } from '../../aws/retry.js';
import { LockError, type LockInfo } from '../state.js';

/** Account-wide, never torn down (it holds no stage's data, only who is deploying). */
export const LOCK_TABLE = 'discovery-cli-locks';
const LEASE_MS = 60_000;

export interface RemoteLockOptions {
  /** How long to wait for the holder to finish. */
  waitMs: number;
  pollMs?: number;
  leaseMs?: number;
  command: string;
  clock?: { now(): number; sleep(ms: number): Promise<void> };
  /** Tells the user once that it is waiting, and for whom. */
  onWait?: (holder: RemoteLockHolder) => void;
  /** Whether a process of this host lives (a holder here whose process died is taken over at once). */
  isAlive?: (pid: number) => boolean;
}

export interface RemoteLockHolder extends LockInfo {
  /** Random per acquisition: release and renewal touch only our own item. */
  token: string;
  expiresAt: number;
}

const causeName = (err: unknown) => errorName((err as { cause?: unknown }).cause ?? err);

/** Takes the lock `lockId` (project/stage) in the target, waiting up to waitMs; returns the release. */
export async function acquireRemoteLock(api: AwsApi, lockId: string, options: RemoteLockOptions): Promise<() => Promise<void>> {
  const clock = options.clock ?? { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const started = clock.now();
  const me = { token: randomUUID(), pid: process.pid, host: hostname(), command: options.command, startedAt: new Date(started).toISOString() };
  let told = false;
  for (;;) {
    const now = clock.now();
    try {
      await api.send('dynamodb:PutItem', {
        TableName: LOCK_TABLE,
        Item: itemOf(lockId, { ...me, expiresAt: now + leaseMs }),
        // Free, or the holder's lease has run out (a runner that died).
        ConditionExpression: 'attribute_not_exists(lockId) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': { N: String(now) } },
      }, `${LOCK_TABLE}/${lockId}`);
      return keepLease(api, lockId, me.token, leaseMs);
    } catch (err) {
      const name = causeName(err);
      if (name === 'ResourceNotFoundException') {
        // First deploy in this account and region (or another runner is making the table right now).
        if (!(await createLockTable(api))) await clock.sleep(options.pollMs ?? 1000);
        continue;
      }
      if (name !== 'ConditionalCheckFailedException') throw err;
    }
    const holder = await readHolder(api, lockId);
    if (!holder) continue; // released between our write and our read
    if (holder.host === me.host && options.isAlive && !options.isAlive(holder.pid)) {
      // A run on this machine that was killed: its lease would run out anyway; take it over now,
      // on condition that it is still that run's item.
      if (await takeOver(api, lockId, holder.token, { ...me, expiresAt: clock.now() + leaseMs })) return keepLease(api, lockId, me.token, leaseMs);
      continue;
    }
    if (clock.now() - started >= options.waitMs) {
      throw new LockError(`Another ${holder.command} of this stage is running (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}; lease until ${new Date(holder.expiresAt).toISOString()}); waited ${Math.round(options.waitMs / 1000)} s. Run again when it has finished, wait longer with --lock-timeout SECONDS, or, if that run is gone, run \`discovery-cli force-unlock\`.`);
    }
    if (!told) options.onWait?.(holder);
    told = true;
    await clock.sleep(options.pollMs ?? 1000);
  }
}

async function takeOver(api: AwsApi, lockId: string, theirToken: string, mine: RemoteLockHolder): Promise<boolean> {
  try {
    await api.send('dynamodb:PutItem', {
      TableName: LOCK_TABLE, Item: itemOf(lockId, mine),
      ConditionExpression: '#token = :theirs', ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':theirs': { S: theirToken } },
    }, `${LOCK_TABLE}/${lockId}`);
    return true;
  } catch (err) {
    if (causeName(err) !== 'ConditionalCheckFailedException') throw err;
    return false;
  }
}

/** Removes the lock whoever holds it (force-unlock); returns who held it. */
export async function forceUnlock(api: AwsApi, lockId: string): Promise<RemoteLockHolder | undefined> {
  const holder = await readHolder(api, lockId);
  if (holder) await api.find('dynamodb:DeleteItem', { TableName: LOCK_TABLE, Key: { lockId: { S: lockId } } }, `${LOCK_TABLE}/${lockId}`);
  return holder;
}

async function readHolder(api: AwsApi, lockId: string): Promise<RemoteLockHolder | undefined> {
  const found = await api.find('dynamodb:GetItem', { TableName: LOCK_TABLE, Key: { lockId: { S: lockId } }, ConsistentRead: true }, `${LOCK_TABLE}/${lockId}`);
  const item = found?.Item;
  if (!item) return undefined;
  return {
    token: item.token?.S ?? '', pid: Number(item.pid?.N ?? 0), host: item.host?.S ?? '?', command: item.command?.S ?? 'deploy',
    startedAt: item.startedAt?.S ?? '?', expiresAt: Number(item.expiresAt?.N ?? 0),
  };
}

function itemOf(lockId: string, h: RemoteLockHolder) {
  return {
    lockId: { S: lockId }, token: { S: h.token }, pid: { N: String(h.pid) }, host: { S: h.host },
    command: { S: h.command }, startedAt: { S: h.startedAt }, expiresAt: { N: String(h.expiresAt) },
  };
}

/** False when another runner is making it at the same moment (it will be ACTIVE shortly). */
async function createLockTable(api: AwsApi): Promise<boolean> {
  try {
    await api.send('dynamodb:CreateTable', {
      TableName: LOCK_TABLE,
      AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }, LOCK_TABLE);
    return true;
  } catch (err) {
    if (causeName(err) !== 'ResourceInUseException') throw err;
    return false;
  }
}

/** Renews the lease while the run goes on (a third of the lease apart); the release deletes our item only. */
function keepLease(api: AwsApi, lockId: string, token: string, leaseMs: number): () => Promise<void> {
  const key = { lockId: { S: lockId } };
  const ours = { ConditionExpression: '#token = :token', ExpressionAttributeNames: { '#token': 'token' } };
  const timer = setInterval(() => {
    void api.send('dynamodb:UpdateItem', {
      TableName: LOCK_TABLE, Key: key, UpdateExpression: 'SET expiresAt = :until', ...ours,
      ExpressionAttributeValues: { ':token': { S: token }, ':until': { N: String(Date.now() + leaseMs) } },
    }, `${LOCK_TABLE}/${lockId}`).catch(() => undefined); // a missed renewal is retried at the next tick
  }, Math.max(1000, Math.floor(leaseMs / 3)));
  timer.unref();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(timer);
    try {
      await api.send('dynamodb:DeleteItem', { TableName: LOCK_TABLE, Key: key, ...ours, ExpressionAttributeValues: { ':token': { S: token } } }, `${LOCK_TABLE}/${lockId}`);
    } catch (err) {
      // Someone force-unlocked it, or our lease ran out and another run holds it now: not ours to delete.
      if (causeName(err) !== 'ConditionalCheckFailedException') throw err;
    }
  };
}
