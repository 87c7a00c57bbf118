// Starts a fresh local cloud for one test file: a free port, a temporary state folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../src/local/index.js';

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
export const TEST_REGION = 'us-east-1';

/** Options for any AWS SDK v3 client: endpoint, region, credentials. */
export type ClientConfig = {
  endpoint: string;
  region: string;
  credentials: typeof TEST_CREDENTIALS;
};

/** SDK client options for a test endpoint (the local cloud, moto_server, a proxy in front of either). */
export function clientConfigAt(endpoint: string): ClientConfig {
  return { endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS };
}

export interface TestCloud extends LocalCloud {
  stateDir: string;
  clientConfig: ClientConfig;
  /** Environment for child processes (AWS CLI, boto3, the discovery-cli binary). */
  env: NodeJS.ProcessEnv;
  /** Stops the cloud and removes its state folder. */
  dispose(): Promise<void>;
}

export type TestCloudOptions = Omit<LocalCloudOptions, 'port' | 'stateDir'> & { stateDir?: string };

export async function startTestCloud(options: TestCloudOptions = {}): Promise<TestCloud> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'discovery-local-'));
  const cloud = await startLocalCloud({ ...options, port: 0, stateDir });
  return {
    ...cloud,
    stop: () => cloud.stop(),
    stateDir,
    clientConfig: clientConfigAt(cloud.url),
    env: {
      ...process.env,
      AWS_ENDPOINT_URL: cloud.url,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: TEST_REGION,
      AWS_REGION: TEST_REGION,
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
    async dispose() {
      await cloud.stop();
      if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * One local cloud for the tests of the enclosing describe block (or file): started before all
 * (with these options) and handed to `ready` (to keep it, make clients), disposed after all.
 */
export function useTestCloud(options: TestCloudOptions, ready: (cloud: TestCloud) => void | Promise<void>): void {
  let cloud: TestCloud | undefined;
  beforeAll(async () => {
    cloud = await startTestCloud(options);
    await ready(cloud);
  });
  afterAll(async () => {
    await cloud?.dispose();
  });
}
