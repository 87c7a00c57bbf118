// The deploy engine as the deploy tests drive it: a private copy of a fixture project (the state
// file lands there) and the engine pointed at a test endpoint (the local cloud, moto_server or a
// proxy) with short injected retry delays, so that no test waits out real budgets.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deploy, teardown, type RunOptions, type TeardownOptions } from '../../src/deploy/run.js';
import { TEST_CREDENTIALS } from './local-cloud.js';

export const FAST_RETRIES: RunOptions['aws'] = {
  sdkMaxAttempts: 1,
  retryPolicy: {
    iamPropagation: { baseDelayMs: 50, maxDelayMs: 200, budgetMs: 30_000 },
    throttled: { baseDelayMs: 20, maxDelayMs: 400, budgetMs: 30_000 },
    conflict: { baseDelayMs: 20, maxDelayMs: 200, budgetMs: 30_000 },
    transient: { baseDelayMs: 10, maxDelayMs: 100, budgetMs: 30_000 },
  },
  waiter: { minDelay: 1, maxWaitTime: 30 },
};

export interface FixtureCopy {
  dir: string;
  configPath: string;
  dispose(): void;
}

/** Copies test/fixtures/<name> to a fresh temporary folder. */
export function copyFixture(name: string): FixtureCopy {
  const dir = mkdtempSync(join(tmpdir(), `discovery-${name}-`));
  cpSync(resolve(__dirname, '../fixtures', name), dir, { recursive: true });
  return { dir, configPath: join(dir, 'discovery.config.json'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Engine {
  deploy(extra?: Partial<RunOptions>): ReturnType<typeof deploy>;
  teardown(extra?: Partial<TeardownOptions>): ReturnType<typeof teardown>;
}

/** deploy/teardown of stage dev of a config against an endpoint; `options` adds to or overrides the defaults. */
export function engine(endpointUrl: string, configPath: string, options: RunOptions = {}): Engine {
  const base: RunOptions = { configPath, stage: 'dev', endpointUrl, env: {}, credentials: TEST_CREDENTIALS, aws: FAST_RETRIES, lock: { waitMs: 0 }, ...options };
  return {
    deploy: (extra = {}) => deploy({ ...base, ...extra }),
    teardown: (extra = {}) => teardown({ ...base, ...extra }),
  };
}
