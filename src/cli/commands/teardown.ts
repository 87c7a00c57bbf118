// `discovery-cli teardown` (placeholder until implemented).
import type { Command } from 'commander';

export function registerTeardown(_program: Command): void {}
