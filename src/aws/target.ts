// Where a command sends its calls: region, partition, endpoint and credentials, resolved once
// from flags, config and environment, before any call is made.
import { isRegionName, partitionOf, type Partition } from './partition.js';
import { profileRegion } from './profile-region.js';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TargetOptions {
  /** --region */
  region?: string;
  /** "region" from discovery.config.json */
  configRegion?: string;
  /** --profile */
  profile?: string;
  /** --endpoint-url (or AWS_ENDPOINT_URL) */
  endpointUrl?: string;
  /** True when the endpoint is the local cloud (fixed test credentials, local URL forms). */
  local?: boolean;
  credentials?: StaticCredentials;
  env?: NodeJS.ProcessEnv;
}

export interface Target {
  kind: 'aws' | 'local';
  region: string;
  partition: Partition;
  endpointUrl?: string;
  profile?: string;
  credentials?: StaticCredentials;
}

export class TargetError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export const LOCAL_CREDENTIALS: StaticCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export function resolveTarget(options: TargetOptions): Target {
  const env = options.env ?? process.env;
  const endpointUrl = options.endpointUrl ?? (env.AWS_ENDPOINT_URL || undefined);
  const local = options.local ?? false;
  const region = options.region ?? options.configRegion ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined)
    ?? (local || endpointUrl ? 'us-east-1' : profileRegion(env, options.profile));
  if (!region) {
    throw new TargetError('No AWS region. Pass --region, set "region" in discovery.config.json, export AWS_REGION, or set region in your AWS profile.');
  }
  if (!isRegionName(region)) throw new TargetError(`"${region}" is not a region name (e.g. us-east-1). Check --region, the config's "region" and AWS_REGION.`);
  if (endpointUrl) {
    try {
      new URL(endpointUrl);
    } catch {
      throw new TargetError(`--endpoint-url "${endpointUrl}" is not a URL (e.g. http://127.0.0.1:4577).`);
    }
  }
  return {
    kind: local || (endpointUrl !== undefined && isLoopback(endpointUrl)) ? 'local' : 'aws',
    region,
    partition: partitionOf(region),
    endpointUrl,
    profile: options.profile,
    credentials: options.credentials ?? (local ? LOCAL_CREDENTIALS : undefined) ?? (options.profile ? undefined : credentialsFromGivenEnv(options.env)),
  };
}

/**
 * The SDK's default chain reads process.env only; a caller that passes its own env (the library
 * API, tests) means those keys.
 */
function credentialsFromGivenEnv(env: NodeJS.ProcessEnv | undefined): StaticCredentials | undefined {
  if (!env?.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

/** The public URL of a deployed API stage, in the form the target serves. */
export function stageUrl(target: Target, apiId: string, stage: string): string {
  if (target.kind === 'local' && target.endpointUrl) {
    const base = target.endpointUrl.replace(/\/+$/, '');
    return `${base}/restapis/${apiId}/${stage}/_user_request_`;
  }
  return `https://${apiId}.execute-api.${target.region}.${target.partition.dnsSuffix}/${stage}`;
}
