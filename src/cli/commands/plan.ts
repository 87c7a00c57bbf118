// `discovery-cli plan` (placeholder until implemented).
import type { Command } from 'commander';

export function registerPlan(_program: Command): void {}
