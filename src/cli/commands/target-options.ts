// The options every engine command shares: which project, which stage, which target.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { TargetFlags } from '../../deploy/run.js';

export interface TargetCliFlags {
  stage?: string;
  config?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  local?: boolean;
  json?: boolean;
  verbose?: boolean;
  connectTimeout?: number;
  readTimeout?: number;
}

export function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('--stage <stage>', 'stage to act on (names every resource)', 'dev')
    .option('--config <file>', 'project config', 'discovery.config.json')
    .option('--region <region>', 'AWS region (default: config "region", then AWS_REGION)')
    .option('--profile <profile>', 'AWS profile from ~/.aws/config and credentials')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (or AWS_ENDPOINT_URL)')
    .option('--local', 'target the local cloud on 127.0.0.1:4577 (DISCOVERY_LOCAL_PORT), starting it if none runs')
    .option('--connect-timeout <seconds>', 'give up connecting to the endpoint after this long (default 60, as the AWS CLI)', Number)
    .option('--read-timeout <seconds>', 'give up on an endpoint that sends nothing for this long (default 60, as the AWS CLI)', Number)
    .option('--json', 'print one JSON document on stdout')
    .option('--verbose', 'print every AWS call with its outcome and duration on stderr (never bodies, headers or credentials)');
}

export function targetFlags(flags: TargetCliFlags): TargetFlags {
  if (flags.local && flags.endpointUrl) throw new UsageError('--local and --endpoint-url both name a target; pass one of them.');
  // The SDK's notice about future Node versions is not the user's concern mid-deploy.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return { stage: flags.stage, configPath: flags.config, region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl, local: flags.local,
    connectTimeoutSeconds: flags.connectTimeout, readTimeoutSeconds: flags.readTimeout, verbose: flags.verbose };
}

/** --lock-timeout, for the commands that take the stage lock (deploy, teardown). */
export function addLockOption(cmd: Command): Command {
  return cmd.option('--lock-timeout <seconds>', 'how long to wait for another deploy or teardown of the stage, from any machine, to finish (default 600)', Number);
}

export function lockFlags(flags: { lockTimeout?: number }): { waitMs: number } | undefined {
  if (flags.lockTimeout === undefined) return undefined;
  if (!Number.isFinite(flags.lockTimeout) || flags.lockTimeout < 0) {
    throw new UsageError(`--lock-timeout takes a number of seconds, 0 or more; got ${flags.lockTimeout}.`);
  }
  return { waitMs: flags.lockTimeout * 1000 };
}
