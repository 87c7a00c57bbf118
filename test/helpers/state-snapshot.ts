// The control plane's stored state as text, to show that a refused request changed nothing:
// every file under the state folder with its bytes, except DynamoDB's LevelDB files (dynalite's
// own, rewritten by reads too) and Lambda's unpacked-code cache.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIPPED = new Set(['dynamodb', join('lambda', 'task')]);

export function stateSnapshot(stateDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = relative(stateDir, path);
      if (SKIPPED.has(name)) continue;
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.tmp')) files[name] = readFileSync(path).toString('base64');
    }
  };
  walk(stateDir);
  return files;
}
