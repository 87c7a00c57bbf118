// `discovery-cli package`: load and build the project, then write what deploy would upload:
// DIR/<function>.zip and DIR/<api>.swagger.json (rendered with placeholder ARNs). Nothing here
// calls AWS, so CI can build and inspect artifacts without credentials.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export interface PackageOptions {
  config?: string;
  stage?: string;
  out?: string;
  region?: string;
  account?: string;
}

export interface PackageResult {
  project: string;
  stage: string;
  region: string;
  account: string;
  outDir: string;
  functions: { key: string; name: string; runtime: string; handler: string; file: string; bytes: number; codeSha256: string }[];
  apis: { key: string; name: string; format: string; file: string }[];
}

export const PLACEHOLDER_ACCOUNT = '000000000000';

export async function packageProject(opts: PackageOptions, cwd = process.cwd()): Promise<PackageResult> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join, resolve } = await import('node:path');
  const { loadProject } = await import('../../config/load.js');
  const { apiName } = await import('../../config/project.js');
  const { buildProject } = await import('../../build/build.js');
  const { partitionOf } = await import('../../aws/partition.js');

  const account = opts.account ?? PLACEHOLDER_ACCOUNT;
  if (!/^\d{12}$/.test(account)) throw new UsageError(`--account ${account}: an AWS account id has 12 digits. Fix: pass e.g. --account 123456789012`);
  const project = await loadProject({ configPath: opts.config, stage: opts.stage, cwd });
  const region = opts.region ?? project.config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const stage = project.stage;
  const built = await buildProject(project);
  const outDir = resolve(cwd, opts.out ?? join('.discovery', 'package', stage));
  await mkdir(outDir, { recursive: true });

  const functionArns: Record<string, string> = {};
  const functions: PackageResult['functions'] = [];
  for (const fn of Object.values(built.functions).sort((a, b) => a.key.localeCompare(b.key))) {
    functionArns[fn.key] = `arn:${partitionOf(region).name}:lambda:${region}:${account}:function:${fn.name}`;
    const file = join(outDir, `${fn.key}.zip`);
    await writeFile(file, fn.zip);
    functions.push({ key: fn.key, name: fn.name, runtime: fn.runtime, handler: fn.handler, file, bytes: fn.zip.length, codeSha256: fn.codeSha256 });
  }
  const apis: PackageResult['apis'] = [];
  for (const api of Object.values(built.apis).sort((a, b) => a.key.localeCompare(b.key))) {
    const name = apiName(project, api.key);
    const file = join(outDir, `${api.key}.swagger.json`);
    await writeFile(file, `${api.render({ name, functionArns })}\n`);
    apis.push({ key: api.key, name, format: project.apis[api.key]!.format, file });
  }
  return { project: project.config.project, stage, region, account, outDir, functions, apis };
}

export function describePackage(result: PackageResult, cwd = process.cwd()): string {
  const rel = (p: string) => (p.startsWith(`${cwd}/`) ? p.slice(cwd.length + 1) : p);
  const lines = [`packaged ${result.project} (stage ${result.stage}, ${result.region}) into ${rel(result.outDir)}`];
  for (const fn of result.functions) {
    lines.push(`  ${rel(fn.file)}  ${(fn.bytes / 1024).toFixed(1)} KiB  ${fn.runtime} ${fn.handler}  sha256 ${fn.codeSha256}`);
  }
  for (const api of result.apis) lines.push(`  ${rel(api.file)}  ${api.format} as "${api.name}"`);
  return `${lines.join('\n')}\n`;
}

export function registerPackage(program: Command): void {
  program
    .command('package')
    .description('Build the function zips and rendered API definitions deploy would upload, without calling AWS')
    .option('--config <file>', 'project config', 'discovery.config.json')
    .option('--stage <stage>', 'stage whose names to use', 'dev')
    .option('--out <dir>', 'output folder (default .discovery/package/<stage>)')
    .option('--region <region>', 'region for the placeholder ARNs (default: config, then AWS_REGION)')
    .option('--account <id>', `account for the placeholder ARNs (default ${PLACEHOLDER_ACCOUNT})`)
    .option('--json', 'print the result as one JSON document on stdout')
    .action(async (opts: PackageOptions & { json?: boolean }) => {
      const result = await packageProject(opts);
      process.stderr.write(describePackage(result));
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
}
