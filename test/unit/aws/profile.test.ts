// --profile: the clients take credentials (and, without other sources, the region) from the
// named profile of the shared config files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Aws } from '../../../src/aws/clients.js';
import { resolveTarget } from '../../../src/aws/target.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function sharedFiles(): { config: string; credentials: string } {
  const dir = mkdtempSync(join(tmpdir(), 'profile-'));
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  writeFileSync(config, '[profile ci]\nregion = ap-southeast-2\n');
  writeFileSync(credentials, '[ci]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n');
  return { config, credentials };
}

describe('--profile', () => {
  it("signs with the profile's keys and takes its region when nothing else names one", async () => {
    const files = sharedFiles();
    const env = { AWS_CONFIG_FILE: files.config, AWS_SHARED_CREDENTIALS_FILE: files.credentials };
    Object.assign(process.env, env);
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const target = await resolveTarget({ profile: 'ci', env });
    expect(target.region).toBe('ap-southeast-2');
    const credentials = await new Aws(target).sts.config.credentials();
    expect(credentials.accessKeyId).toBe('AKIDPROFILE');
    expect(credentials.secretAccessKey).toBe('profile-secret');
  });

  it('names the profile when it does not exist', async () => {
    const files = sharedFiles();
    Object.assign(process.env, { AWS_CONFIG_FILE: files.config, AWS_SHARED_CREDENTIALS_FILE: files.credentials });
    await expect(resolveTarget({ profile: 'nope', region: 'eu-west-1', env: {} })).rejects.toThrow(/^The config profile \(nope\) could not be found/);
  });

  it('runs the profile\'s credential_process through the SDK provider', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profile-'));
    const script = join(dir, 'creds.cjs');
    writeFileSync(script, "console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROCESS', SecretAccessKey: 'process-secret' }))\n");
    const config = join(dir, 'config');
    writeFileSync(config, `[profile proc]\nregion = eu-west-3\ncredential_process = ${process.execPath} ${script}\n`);
    const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
    Object.assign(process.env, env);
    const target = await resolveTarget({ profile: 'proc', env });
    expect(target.region).toBe('eu-west-3');
    const credentials = await new Aws(target).sts.config.credentials();
    expect(credentials).toMatchObject({ accessKeyId: 'AKIDPROCESS', secretAccessKey: 'process-secret' });
  });
});
