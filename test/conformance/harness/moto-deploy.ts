// What the deploy tests against moto share: moto_server, the proxy in front of it (records the
// calls, fills moto's REST API tag gap; see deploy-moto-proxy.ts) and a private copy of
// test/fixtures/moto-basic, for the tests of one describe block.
import { afterAll, beforeAll } from 'vitest';
import { copyFixture, type FixtureCopy } from '../../helpers/deploy-engine.js';
import { startMotoProxy, type MotoProxy } from '../deploy-moto-proxy.js';
import { startMoto, type MotoServer } from './moto.js';

/** moto_server loads each service's backend on its first request (seconds each on a busy machine). */
export const FIRST_CALLS_TIMEOUT_MS = 180_000;

export interface MotoDeployTarget {
  moto: MotoServer;
  proxy: MotoProxy;
  project: FixtureCopy;
}

/** Started before all and handed to `ready`; after all: the proxy, then moto stopped, and the copy removed. */
export function useMotoDeployTarget(ready: (target: MotoDeployTarget) => void): void {
  let moto: MotoServer | undefined;
  let proxy: MotoProxy | undefined;
  let project: FixtureCopy | undefined;
  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startMotoProxy(moto.url);
    project = copyFixture('moto-basic');
    ready({ moto, proxy, project });
  });
  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
    project?.dispose();
  });
}
