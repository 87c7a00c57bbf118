// `discovery-cli status` (placeholder until implemented).
import type { Command } from 'commander';

export function registerStatus(_program: Command): void {}
