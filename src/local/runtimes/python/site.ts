// The "lambda site" of the host's python3: a folder holding only what Lambda's Python runtime
// provides besides the standard library (boto3, botocore and their dependencies), as symlinks
// to the host's copies. Workers run with site-packages off (-S -s) and this folder on
// PYTHONPATH, so a handler cannot import what happens to be installed on the host (moto, yaml).
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Import names Lambda's runtime ships, and their distributions (the metadata botocore reads). */
const MODULES = ['boto3', 'botocore', 'jmespath', 's3transfer', 'dateutil', 'urllib3', 'six'];
const DISTRIBUTIONS = ['boto3', 'botocore', 'jmespath', 's3transfer', 'python-dateutil', 'urllib3', 'six'];

// Run with the host's site on, to find where its copies live.
const PROBE = `
import importlib.util, importlib.metadata, json, sys
found = {}
for name in ${JSON.stringify(MODULES)}:
    spec = importlib.util.find_spec(name)
    if spec is not None:
        found[name] = list(spec.submodule_search_locations)[0] if spec.submodule_search_locations else spec.origin
meta = []
for name in ${JSON.stringify(DISTRIBUTIONS)}:
    try:
        path = getattr(importlib.metadata.distribution(name), "_path", None)
        if path is not None:
            meta.append(str(path))
    except Exception:
        pass
print(json.dumps({"version": "%d.%d" % sys.version_info[:2], "full": sys.version.split()[0], "executable": sys.executable, "modules": found, "metadata": meta}))
`;

export interface PythonHost {
  /** 3.11 */
  version: string;
  /** 3.11.7 */
  fullVersion: string;
  /** The lambda site folder. */
  site: string;
  /** Modules of the list the host lacks (boto3 not installed, ...). */
  missing: string[];
}

/** Probes the host's python once and builds (or reuses) its lambda site under cacheDir. */
export async function preparePythonHost(python: string, cacheDir: string): Promise<PythonHost> {
  let probe: { version: string; full: string; executable: string; modules: Record<string, string>; metadata: string[] };
  try {
    probe = JSON.parse((await run(python, ['-c', PROBE], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '' } })).stdout);
  } catch (err) {
    throw new Error(`Python functions need python3 on this machine; running ${python} failed: ${(err as Error).message.split('\n')[0]}. Install python3, or set DISCOVERY_PYTHON to its path.`);
  }
  const entries = [...Object.values(probe.modules), ...probe.metadata].sort();
  const id = createHash('sha256').update(JSON.stringify([probe.executable, probe.full, entries])).digest('hex').slice(0, 16);
  const site = join(cacheDir, `python${probe.version}-site-${id}`);
  if (!existsSync(site)) {
    mkdirSync(cacheDir, { recursive: true });
    const staging = `${site}.${randomBytes(6).toString('hex')}.tmp`;
    mkdirSync(staging);
    try {
      for (const entry of entries) symlinkSync(entry, join(staging, basename(entry)));
      try {
        renameSync(staging, site);
      } catch (err) {
        if (!existsSync(site)) throw err; // else another process made the same folder first
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return { version: probe.version, fullVersion: probe.full, site, missing: MODULES.filter((name) => !probe.modules[name]) };
}
