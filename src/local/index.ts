export { startLocalCloud, DEFAULT_LOCAL_PORT } from './server.js';
export type { LocalCloud, LocalCloudOptions, CallRecord } from './server.js';
export type { FaultOptions } from './faults.js';
export type { Clock } from './context.js';
export { ManualClock } from './clock.js';
export { ensureLocalCloud } from './daemon.js';
