// The region a named profile sets in the shared config file (~/.aws/config, or AWS_CONFIG_FILE),
// so `--profile work` alone is enough when that profile names its region, as with the AWS CLI.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function profileRegion(env: NodeJS.ProcessEnv, profile?: string): string | undefined {
  const name = profile ?? env.AWS_PROFILE ?? 'default';
  const file = env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const wanted = name === 'default' ? ['default', 'profile default'] : [`profile ${name}`];
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      inSection = wanted.includes(header[1]!.replace(/\s+/g, ' '));
      continue;
    }
    const entry = /^region\s*=\s*(\S+)$/.exec(line);
    if (inSection && entry) return entry[1];
  }
  return undefined;
}
