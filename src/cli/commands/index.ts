// One file per command; each exports a function that adds it to the program.
import type { Command } from 'commander';
import { registerDeploy } from './deploy.js';
import { registerDev } from './dev.js';
import { registerDiscovery } from './discovery.js';
import { registerForceUnlock } from './force-unlock.js';
import { registerIam } from './iam.js';
import { registerInit } from './init.js';
import { registerInvoke } from './invoke.js';
import { registerLocal } from './local.js';
import { registerLogs } from './logs.js';
import { registerPackage } from './package.js';
import { registerPlan } from './plan.js';
import { registerStatus } from './status.js';
import { registerTeardown } from './teardown.js';

export type CommandModule = (program: Command) => void;

export const commandModules: CommandModule[] = [
  registerInit,
  registerDeploy,
  registerDev,
  registerPlan,
  registerStatus,
  registerTeardown,
  registerForceUnlock,
  registerPackage,
  registerInvoke,
  registerLogs,
  registerIam,
  registerLocal,
  registerDiscovery,
];
