// `discovery-cli package` (placeholder until implemented).
import type { Command } from 'commander';

export function registerPackage(_program: Command): void {}
