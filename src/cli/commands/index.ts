// One file per command; each exports a function that adds it to the program.
import type { Command } from 'commander';
import { registerLocal } from './local.js';

export type CommandModule = (program: Command) => void;

export const commandModules: CommandModule[] = [registerLocal];
