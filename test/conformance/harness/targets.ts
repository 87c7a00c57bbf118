// Runs the same control-plane cases against the local cloud and against moto_server.
// A case where moto deviates from AWS names the deviation and is skipped for moto alone:
//   it.skipIf(target.name === 'moto')('... [moto deviation: ...]', ...)
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { clientConfigAt, startTestCloud, TEST_REGION, type ClientConfig, type TestCloud } from '../../helpers/local-cloud.js';
import { motoUnavailableReason, startMoto, type MotoServer } from './moto.js';

export type TargetName = 'local' | 'moto';

export interface ConformanceTarget {
  readonly name: TargetName;
  /** Options for any AWS SDK v3 client. */
  readonly clientConfig: ClientConfig;
  /** The account ARNs carry: 000000000000 locally, 123456789012 on moto. */
  readonly accountId: string;
  readonly region: string;
}

const MOTO_ACCOUNT_ID = '123456789012';

/**
 * Declares `body` once per target, each in its own describe block with its own server.
 * `body` receives the target's name at declaration time (for skipIf) and a getter for the
 * running target (valid inside hooks and tests).
 */
export function describeConformance(title: string, body: (name: TargetName, target: () => ConformanceTarget) => void): void {
  for (const name of ['local', 'moto'] as const) {
    const unavailable = name === 'moto' ? motoUnavailableReason() : undefined;
    describe.skipIf(unavailable !== undefined)(`${title} [${name}]${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
      let current: ConformanceTarget | undefined;
      let cloud: TestCloud | undefined;
      let moto: MotoServer | undefined;
      beforeAll(async () => {
        if (name === 'local') {
          cloud = await startTestCloud();
          current = { name, clientConfig: cloud.clientConfig, accountId: cloud.ctx.accountId, region: TEST_REGION };
        } else {
          moto = await startMoto();
          current = { name, clientConfig: clientConfigAt(moto.url), accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
        }
      });
      // The local cloud of a file is fresh; cases use distinct names. moto is reset between cases.
      beforeEach(async () => {
        await moto?.reset();
      });
      afterAll(async () => {
        await cloud?.dispose();
        await moto?.stop();
      });
      body(name, () => {
        if (!current) throw new Error(`the ${name} target did not start`);
        return current;
      });
    });
  }
}
