// What every emulated service shares: identity, time, fault settings and the ports
// through which services reach each other in process (the gateway invokes Lambda, etc.).
import type { FaultOptions } from './faults.js';
import type { ServicePorts } from './ports.js';
import type { RuntimeOptions } from './runtimes/options.js';

/** Injectable time source: tests drive schedules, quotas and leases without sleeping. */
export interface Clock {
  now(): number;
  /** Resolves after ms of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface CloudContext {
  /** Fixed local account id, also returned by sts:GetCallerIdentity. */
  readonly accountId: string;
  readonly defaultRegion: string;
  readonly stateDir: string;
  readonly clock: Clock;
  readonly faults: FaultOptions;
  /** Credentials the data plane accepts for AWS_IAM methods (default test/test). */
  readonly credentials: LocalCredentials[];
  /** Base URL once listening, e.g. http://127.0.0.1:4577 */
  url: string;
  port: number;
  /** Which Node binaries, Python and warm cap the Lambda runtimes use (see runtimes/options.ts). */
  readonly runtimes?: RuntimeOptions;
  /** Filled in as services are constructed; see ports.ts. */
  readonly ports: ServicePorts;
}

export const LOCAL_ACCOUNT_ID = '000000000000';
