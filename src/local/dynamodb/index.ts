// DynamoDB is dynalite, an embedded engine speaking the real wire protocol; the server hands it
// the raw request. Its LevelDB files live under the state folder, so table data persists.
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../context.js';
import { internalFailure } from '../protocol/render.js';
import { checkDynamoDbBody, type DynamoDbRefusal } from './guard.js';
import { createTtlHandler, isTtlRequest } from './ttl.js';
import { startTtlSweeper } from './ttl-sweeper.js';
import { dynaliteCaller, type DynamoDbCaller } from './direct.js';

export interface DynamoDbEngine {
  /** Serves one request; the body is read (unless already read: `body`) and checked here, never by dynalite first. */
  handle(req: IncomingMessage, res: ServerResponse, body?: Buffer): Promise<void>;
  /** Deletes expired items of tables with TTL enabled now (it also runs every minute). */
  sweepExpiredItems(): Promise<number>;
  /** One operation in process, for the console (see direct.ts). */
  call: DynamoDbCaller;
  close(): Promise<void>;
}

const TTL_SWEEP_INTERVAL_MS = 60_000;
/** dynalite's own limit (it answers 413 past it). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export async function createDynamoDbEngine(stateDir: string, clock: Clock): Promise<DynamoDbEngine> {
  const path = join(stateDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  // Table create/delete/update delays of 0 ms: the SDK waiters still poll, but never wait.
  const server: Server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // Requests are handed over in process; it listens on an ephemeral loopback port only because
  // its close() (which flushes and closes LevelDB) requires a listening server.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const ttl = createTtlHandler(stateDir);
  const call = dynaliteCaller(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const sweeper = startTtlSweeper({
    call,
    clock,
    enabledTables: ttl.enabledTables,
    intervalMs: TTL_SWEEP_INTERVAL_MS,
  });
  return {
    async handle(req, res, read) {
      const body = read ?? (await readBody(req));
      if (body === undefined) return refuse(res, { status: 413, body: { __type: 'com.amazon.coral.service#RequestEntityTooLarge', message: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes.` } });
      const refusal = checkDynamoDbBody(body, typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : undefined);
      if (refusal) return refuse(res, refusal);
      if (isTtlRequest(req)) return ttl.handle(req, res, body);
      try {
        handOver(server, req, res, body);
      } catch (err) {
        // Thrown by dynalite while it parsed or validated: this request fails alone.
        const target = String(req.headers['x-amz-target'] ?? 'Unknown').split('.').pop()!;
        if (!res.headersSent) refuse(res, { status: 500, body: { __type: 'com.amazon.coral.service#InternalFailure', message: internalFailure(`DynamoDB ${target}`, err).message } });
      }
    },
    sweepExpiredItems: () => sweeper.sweep(),
    call,
    close: () => {
      sweeper.stop();
      return new Promise((resolve, reject) => {
        server.close((err?: Error) => (err ? reject(err) : resolve()));
      });
    },
  };
}

/**
 * Gives dynalite the request with its body already read: a stand-in emits the body and its end
 * synchronously, so what dynalite's handlers throw lands in the caller's try, not the event loop.
 */
function handOver(server: Server, req: IncomingMessage, res: ServerResponse, body: Buffer) {
  const replay = Object.assign(new EventEmitter(), { headers: req.headers, method: req.method, url: req.url, socket: req.socket });
  server.emit('request', replay, res);
  if (body.length > 0) replay.emit('data', body);
  replay.emit('end');
}

function refuse(res: ServerResponse, refusal: DynamoDbRefusal) {
  const text = JSON.stringify(refusal.body);
  res.writeHead(refusal.status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(Buffer.byteLength(text)), 'x-amzn-errortype': refusal.body.__type.split('#').pop()! });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks);
}
