// Where a command sends its calls: region, partition, endpoint and credentials, resolved once
// from flags, config and environment, before any call is made.
import { isRegionName, partitionOf, type Partition } from './partition.js';
import { loadProfile } from './profile.js';
import { TargetError } from './target-error.js';

export { TargetError };

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
  /** --profile (else AWS_PROFILE) */
  profile?: string;
  /** --endpoint-url (or AWS_ENDPOINT_URL) */
  endpointUrl?: string;
  /** True when the endpoint is the local cloud (fixed test credentials, local URL forms). */
  local?: boolean;
  credentials?: StaticCredentials;
  env?: NodeJS.ProcessEnv;
  /** --connect-timeout / --read-timeout, seconds. */
  connectTimeoutSeconds?: number;
  readTimeoutSeconds?: number;
}

/** The AWS CLI's defaults: 60 s to connect, 60 s to wait for an answer. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

export interface Target {
  kind: 'aws' | 'local';
  region: string;
  partition: Partition;
  endpointUrl?: string;
  /** The named profile (--profile or AWS_PROFILE) the SDK reads credentials from. */
  profile?: string;
  credentials?: StaticCredentials;
  timeouts: { connectMs: number; readMs: number };
}

export const LOCAL_CREDENTIALS: StaticCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** --profile and AWS_PROFILE mean the same: that profile's region, endpoint and credentials. */
export async function resolveTarget(options: TargetOptions): Promise<Target> {
  const env = options.env ?? process.env;
  const local = options.local ?? false;
  const profile = options.credentials || local ? undefined : await loadProfile(env, options.profile);
  // As with the AWS CLI, keys in the environment beat AWS_PROFILE; --profile beats both.
  const envKeys = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
  const profileName = options.profile ?? (envKeys ? undefined : env.AWS_PROFILE || undefined);
  const endpointUrl = options.endpointUrl ?? (env.AWS_ENDPOINT_URL || undefined) ?? profile?.endpointUrl;
  const region = options.region ?? options.configRegion ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined)
    ?? profile?.region ?? (local || endpointUrl ? 'us-east-1' : undefined);
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
    profile: profile && profileName ? profileName : undefined,
    credentials: options.credentials ?? (local ? LOCAL_CREDENTIALS : undefined) ?? (options.profile ? undefined : credentialsFromGivenEnv(options.env)),
    timeouts: {
      connectMs: seconds(options.connectTimeoutSeconds, '--connect-timeout') * 1000,
      readMs: seconds(options.readTimeoutSeconds, '--read-timeout') * 1000,
    },
  };
}

function seconds(value: number | undefined, flag: string): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isFinite(value) || value <= 0) throw new TargetError(`${flag} takes a number of seconds greater than 0; got ${value}.`);
  return value;
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
