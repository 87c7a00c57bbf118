// `discovery-cli discovery` (placeholder until implemented).
import type { Command } from 'commander';

export function registerDiscovery(_program: Command): void {}
