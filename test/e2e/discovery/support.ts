// What the discovery e2e tests share: a temporary copy of the root project (deploys write
// .discovery/<stage>.json beside the config), the discovery-cli binary run against a local cloud,
// and the deploy's --json output.
import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestCloud } from '../../helpers/local-cloud.js';
import { DISCOVERY_CLI, runCommand, type CommandResult } from '../../helpers/run-command.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** The `--json` document of `discovery-cli deploy` (issue 3). */
export interface DeployOutput {
  stage: string;
  region: string;
  apis: { name: string; id: string; stageUrl: string; endpoints: { method: string; path: string; url: string }[] }[];
  functions: { name: string; arn: string }[];
  tables: { name: string; arn: string }[];
}

/** Copies the root project (config, handlers, swagger, the client they bundle) to a temporary folder. */
export function copyRootProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'discovery-root-'));
  for (const part of ['discovery.config.json', 'schema', 'handlers', 'swagger', 'src/discovery']) {
    cpSync(join(REPO, part), join(dir, part), { recursive: true });
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir'); // esbuild resolves the handlers' imports
  return join(dir, 'discovery.config.json');
}

/** Runs bin/discovery-cli.js (needs dist/: `npx tsc -p tsconfig.json`) against the test cloud. */
export async function discoveryCli(cloud: TestCloud, args: string[]): Promise<CommandResult> {
  if (!existsSync(join(REPO, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` before the discovery e2e tests');
  }
  return runCommand('node', [DISCOVERY_CLI, ...args, '--endpoint-url', cloud.url], { env: { ...cloud.env, NO_COLOR: '1' }, cwd: REPO });
}

export async function deployRoot(cloud: TestCloud, configPath: string): Promise<DeployOutput> {
  const result = await discoveryCli(cloud, ['deploy', '--config', configPath, '--json']);
  if (result.code !== 0) throw new Error(`discovery-cli deploy exited ${result.code}\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(result.stdout) as DeployOutput;
}
