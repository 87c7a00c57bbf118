// Which Node binary runs a nodejs<major>.x function: a binary the user named, the host's own
// when its major matches, a cached one, one fetched from the npm registry; and only when none
// of these can be had, the host's Node, said once with the reason and the remedy.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Notices } from '../notices.js';
import { nodePathVariable, type ResolvedRuntimeOptions } from '../options.js';
import { binaryIn, installRelease, latestRelease, platformPackage } from './registry.js';

export interface NodeBinary {
  path: string;
  /** How it was chosen. */
  source: 'override' | 'host' | 'cache' | 'download' | 'fallback';
}

const hostMajor = Number(process.versions.node.split('.')[0]);

export class NodeBinaries {
  /** One lookup per major per process: concurrent first invocations share one download. */
  private readonly byMajor = new Map<number, Promise<NodeBinary>>();

  constructor(
    private readonly options: ResolvedRuntimeOptions,
    private readonly notices: Notices,
  ) {}

  resolve(runtime: string): Promise<NodeBinary> {
    const override = this.options.nodePaths[runtime];
    if (override !== undefined) {
      if (!existsSync(override)) {
        return Promise.reject(new Error(`The Node binary given for ${runtime} (--node-path ${runtime}=${override} or ${nodePathVariable(runtime)}) does not exist.`));
      }
      return Promise.resolve({ path: override, source: 'override' });
    }
    const major = Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]);
    if (!major || major === hostMajor) return Promise.resolve({ path: process.execPath, source: 'host' });
    let found = this.byMajor.get(major);
    if (!found) {
      found = this.find(runtime, major);
      this.byMajor.set(major, found);
    }
    return found;
  }

  private async find(runtime: string, major: number): Promise<NodeBinary> {
    const pkg = platformPackage();
    if (!pkg) return this.fallback(runtime, `discovery-cli fetches Node binaries for Linux and macOS on x64, arm64, ppc64 and s390x, not ${process.platform}-${process.arch}`);
    const cached = cachedRelease(this.options.cacheDir, pkg, major);
    if (cached) return { path: cached, source: 'cache' };
    if (!this.options.nodeDownload) return this.fallback(runtime, 'fetching Node binaries is turned off (DISCOVERY_NODE_DOWNLOAD=0 or nodeDownload: false)');
    try {
      const release = await latestRelease(this.options.registry, pkg, major);
      const folder = await installRelease(this.options.cacheDir, pkg, release, (line) => this.notices.say(line));
      return { path: binaryIn(folder), source: 'download' };
    } catch (err) {
      const reason = err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err);
      return this.fallback(runtime, `could not fetch Node ${major} (${pkg}) from the registry ${this.options.registry}: ${reason}`);
    }
  }

  private fallback(runtime: string, reason: string): NodeBinary {
    const major = runtime.replace(/^nodejs(\d+)\.x$/, '$1');
    const pkg = platformPackage() ?? `node-${process.platform}-${process.arch}`;
    this.notices.once(
      `node-fallback:${runtime}`,
      `discovery-cli: ${runtime} functions run on the host's Node ${process.version}, not Node ${major}: ${reason}. ` +
        `To run them on Node ${major}: let the local cloud reach the npm registry once (set DISCOVERY_NPM_REGISTRY for a mirror; the binary is then cached), ` +
        `or name a binary with --node-path ${runtime}=/path/to/node (env ${nodePathVariable(runtime)}), ` +
        `or pre-fill the cache: unpack nodejs.org's node-v${major}.x.y-${pkg.slice('node-'.length)} tarball into ${this.options.cacheDir}/. ` +
        `Restart the local cloud after a fix.`,
    );
    return { path: process.execPath, source: 'fallback' };
  }
}

/** The newest cached release of a major (node-v22.12.0-linux-x64/bin/node), if any. */
export function cachedRelease(cacheDir: string, pkg: string, major: number): string | undefined {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return undefined;
  }
  const suffix = `-${pkg.slice('node-'.length)}`;
  let best: { minor: number; patch: number; path: string } | undefined;
  for (const name of names) {
    const match = /^node-v(\d+)\.(\d+)\.(\d+)(-.+)$/.exec(name);
    if (!match || Number(match[1]) !== major || match[4] !== suffix) continue;
    const path = binaryIn(join(cacheDir, name));
    const [minor, patch] = [Number(match[2]), Number(match[3])];
    if (!existsSync(path)) continue;
    if (!best || minor > best.minor || (minor === best.minor && patch > best.patch)) best = { minor, patch, path };
  }
  return best?.path;
}
