// The named profile of the shared config files, read with the SDK's own loader (so `[profile x]`
// sections, the credentials file and AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE mean exactly
// what they mean to the SDK and the AWS CLI). Credentials stay with the SDK's providers; this
// reads what the target needs before any call: the region and the endpoint.
import { parseKnownFiles } from '@smithy/core/config';
import { TargetError } from './target-error.js';

export interface ProfileSettings {
  name: string;
  region?: string;
  endpointUrl?: string;
}

/**
 * The profile named by --profile, else AWS_PROFILE, else "default". A profile named explicitly
 * must exist (the AWS CLI's error otherwise); a missing "default" is simply no settings.
 */
export async function loadProfile(env: NodeJS.ProcessEnv, flagProfile?: string): Promise<ProfileSettings | undefined> {
  const named = flagProfile ?? (env.AWS_PROFILE || undefined);
  const name = named ?? 'default';
  const profiles = await parseKnownFiles({
    filepath: env.AWS_SHARED_CREDENTIALS_FILE || undefined,
    configFilepath: env.AWS_CONFIG_FILE || undefined,
    ignoreCache: true,
  });
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (!profile) {
    if (named) throw new TargetError(`The config profile (${name}) could not be found. Check --profile / AWS_PROFILE, or add [profile ${name}] to ${env.AWS_CONFIG_FILE || '~/.aws/config'}.`);
    return undefined;
  }
  return { name, region: profile.region || undefined, endpointUrl: profile.endpoint_url || undefined };
}
