// `discovery-cli deploy` (placeholder until implemented).
import type { Command } from 'commander';

export function registerDeploy(_program: Command): void {}
