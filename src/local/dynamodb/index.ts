// DynamoDB is dynalite, an embedded engine speaking the real wire protocol; the server hands it
// the raw request. Its LevelDB files live under the state folder, so table data persists.
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../context.js';
import { createTtlHandler, isTtlRequest } from './ttl.js';
import { startTtlSweeper } from './ttl-sweeper.js';

export interface DynamoDbEngine {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Deletes expired items of tables with TTL enabled now (it also runs every minute). */
  sweepExpiredItems(): Promise<number>;
  close(): Promise<void>;
}

const TTL_SWEEP_INTERVAL_MS = 60_000;

export async function createDynamoDbEngine(stateDir: string, clock: Clock): Promise<DynamoDbEngine> {
  const path = join(stateDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  // Table create/delete/update delays of 0 ms: the SDK waiters still poll, but never wait.
  const server: Server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // Requests are handed over in process; it listens on an ephemeral loopback port only because
  // its close() (which flushes and closes LevelDB) requires a listening server.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const ttl = createTtlHandler(stateDir);
  const sweeper = startTtlSweeper({
    dynaliteUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    clock,
    enabledTables: ttl.enabledTables,
    intervalMs: TTL_SWEEP_INTERVAL_MS,
  });
  return {
    handle: (req, res) => {
      if (isTtlRequest(req)) void ttl.handle(req, res);
      else server.emit('request', req, res);
    },
    sweepExpiredItems: () => sweeper.sweep(),
    close: () => {
      sweeper.stop();
      return new Promise((resolve, reject) => {
        server.close((err?: Error) => (err ? reject(err) : resolve()));
      });
    },
  };
}
