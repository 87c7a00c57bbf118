// Bundles one Node handler with esbuild, in process: ESM for Node 22, the AWS SDK v3 left
// external (the Lambda runtime provides it), and a `require` for CommonJS dependencies.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { relative, resolve, sep } from 'node:path';
import type { BuildFailure, BuildOptions, BuildResult, Message } from 'esbuild';
import { DiskCache, sha256 } from '../cache/disk-cache.js';

export interface NodeBundle {
  /** The bundle, to be stored as index.mjs. */
  code: Buffer;
  /** Its source map, stored beside it as index.mjs.map (sources named relative to the project). */
  sourceMap: Buffer;
  /** Names the bundle exports (from esbuild's metafile). */
  exports: string[];
  /** The entry is CommonJS: `exports` holds the wrapped name, which the source may not define. */
  commonJs: boolean;
}

export interface BundleMessage {
  /** Absolute path of the file esbuild points at, when it does. */
  file?: string;
  line?: number;
  column?: number;
  text: string;
}

export class BundleError extends Error {
  constructor(readonly entry: string, readonly messages: BundleMessage[]) {
    super(`esbuild could not bundle ${entry}: ${messages.map((m) => m.text).join('; ')}`);
    this.name = 'BundleError';
  }
}

export const BUNDLE_FILE = 'index.mjs';
export const SOURCE_MAP_FILE = `${BUNDLE_FILE}.map`;
export const NODE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

// ESM bundles have no `require`; CommonJS dependencies that call it (e.g. for builtins) need one.
const REQUIRE_BANNER =
  "import { createRequire as __discoveryCreateRequire } from 'node:module';\n" +
  'const require = __discoveryCreateRequire(import.meta.url);';

/**
 * `rootDir` is the project folder: esbuild names sources relative to it in the bundle's
 * comments, so the bytes do not depend on where the command runs or the clone lives.
 * A CommonJS entry (`exports.handler = ...`) becomes only a default export in an ES module, so
 * it is wrapped in an entry that re-exports `exportName` by name.
 */
export async function bundleNodeHandler(entry: string, rootDir: string, exportName = 'handler'): Promise<NodeBundle> {
  const cached = await fromCaches(entry, rootDir, exportName);
  if (cached) return cached;
  const { bundle, inputs } = await bundleUncached(entry, rootDir, exportName);
  await remember(entry, rootDir, exportName, bundle, inputs);
  return bundle;
}

export interface BundleRequest {
  entry: string;
  exportName?: string;
}

/**
 * Bundles every handler whose caches miss in ONE esbuild run (a fresh deploy of 50 functions
 * paid 50 runs) and caches the results, where bundleNodeHandler then finds them. Each entry's
 * output is the one a run of its own gives. A run that fails (one handler does not compile)
 * caches nothing: each handler is then bundled alone, so its errors stay its own; CommonJS
 * entries too (they need a wrapper entry).
 */
export async function bundleNodeHandlers(requests: BundleRequest[], rootDir: string): Promise<void> {
  const unique = [...new Map(requests.map((r) => [cacheKeyOf(r.entry, rootDir, r.exportName ?? 'handler'), r])).values()];
  const misses: BundleRequest[] = [];
  await Promise.all(unique.map(async (r) => {
    if (!(await fromCaches(r.entry, rootDir, r.exportName ?? 'handler'))) misses.push(r);
  }));
  if (misses.length < 2) return;
  const names = misses.map((_, i) => `entry-${i}`);
  let result: BuildResult<{ metafile: true; write: false }>;
  try {
    result = await runEsbuild(rootDir, { entryPoints: Object.fromEntries(misses.map((r, i) => [names[i]!, r.entry])) }, { outdir: '.', outExtension: { '.js': '.mjs' } }, 'several handlers');
  } catch {
    return;
  }
  await Promise.all(misses.map(async (r, i) => {
    const entryKey = relative(rootDir, r.entry).split(sep).join('/');
    if (result.metafile.inputs[entryKey]?.format === 'cjs') return;
    const bundle = toBundle(result, r.entry, false, `${names[i]}.mjs`);
    await remember(r.entry, rootDir, r.exportName ?? 'handler', bundle, reachableInputs(result, entryKey));
  }));
}

const cacheKeyOf = (entry: string, rootDir: string, exportName: string) => JSON.stringify([entry, rootDir, exportName]);

/** This process's bundle while its inputs keep their size and mtime, else the disk cache's while they keep their contents. */
async function fromCaches(entry: string, rootDir: string, exportName: string): Promise<NodeBundle | undefined> {
  const cacheKey = cacheKeyOf(entry, rootDir, exportName);
  const cached = cache.get(cacheKey);
  if (cached && (await fingerprint(rootDir, cached.inputs)) === cached.fingerprint) return cached.bundle;
  const disk = new DiskCache<StoredBundle>(rootDir, 'bundles', bundleFormat());
  const stored = disk.get(cacheKey);
  if (stored && (await sameContents(rootDir, stored.inputs))) {
    const bundle = fromStored(stored);
    const inputs = Object.keys(stored.inputs);
    cache.set(cacheKey, { bundle, inputs, fingerprint: await fingerprint(rootDir, inputs) });
    return bundle;
  }
  return undefined;
}

async function remember(entry: string, rootDir: string, exportName: string, bundle: NodeBundle, inputs: string[]): Promise<void> {
  const cacheKey = cacheKeyOf(entry, rootDir, exportName);
  cache.set(cacheKey, { bundle, inputs, fingerprint: await fingerprint(rootDir, inputs) });
  new DiskCache<StoredBundle>(rootDir, 'bundles', bundleFormat()).set(cacheKey, toStored(bundle, await contentHashes(rootDir, inputs)));
}

// Across runs (a redeploy, each reload of `dev`): a bundle is reused while every file esbuild
// read has the same contents and esbuild and these options are the same.
interface StoredBundle {
  /** Input path (relative to the project) -> sha256 of its contents. */
  inputs: Record<string, string>;
  code: string;
  sourceMap: string;
  exports: string[];
  commonJs: boolean;
}

let format: string | undefined;
function bundleFormat(): string {
  if (!format) {
    const manifest = createRequire(import.meta.url).resolve('esbuild/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    format = `esbuild ${version}; node22 esm, linked source map, sdk external; v1`;
  }
  return format;
}

async function contentHashes(rootDir: string, inputs: string[]): Promise<Record<string, string>> {
  const hashes = await Promise.all(inputs.map((input) => readFile(resolve(rootDir, input)).then(sha256, () => 'gone')));
  return Object.fromEntries(inputs.map((input, i) => [input, hashes[i]!]));
}

async function sameContents(rootDir: string, inputs: Record<string, string>): Promise<boolean> {
  const now = await contentHashes(rootDir, Object.keys(inputs));
  return Object.entries(inputs).every(([input, hash]) => hash !== 'gone' && now[input] === hash);
}

function toStored(bundle: NodeBundle, inputs: Record<string, string>): StoredBundle {
  return { inputs, code: bundle.code.toString('base64'), sourceMap: bundle.sourceMap.toString('base64'), exports: bundle.exports, commonJs: bundle.commonJs };
}

function fromStored(stored: StoredBundle): NodeBundle {
  return { code: Buffer.from(stored.code, 'base64'), sourceMap: Buffer.from(stored.sourceMap, 'base64'), exports: stored.exports, commonJs: stored.commonJs };
}

/** The files (relative to rootDir, '/'-separated) the last bundle of this entry read; undefined before one. */
export function bundledInputs(entry: string, rootDir: string, exportName = 'handler'): string[] | undefined {
  return cache.get(cacheKeyOf(entry, rootDir, exportName))?.inputs;
}

// load checks exports by bundling and build bundles again in the same process: reuse the result
// while every source file esbuild read keeps its size and mtime.
const cache = new Map<string, { bundle: NodeBundle; inputs: string[]; fingerprint: string }>();

async function fingerprint(rootDir: string, inputs: string[]): Promise<string> {
  const { stat } = await import('node:fs/promises');
  const parts = await Promise.all(
    inputs.map((input) => stat(resolve(rootDir, input)).then((s) => `${input}:${s.size}:${s.mtimeMs}`, () => `${input}:gone`)),
  );
  return parts.join('|');
}

type Built = BuildResult<{ metafile: true; write: false }>;
const inputsOf = (r: Built) => Object.keys(r.metafile.inputs).filter(isFile);
const isFile = (input: string) => !input.startsWith('<');

async function bundleUncached(entry: string, rootDir: string, exportName: string): Promise<{ bundle: NodeBundle; inputs: string[] }> {
  const direct = await runEsbuild(rootDir, { entryPoints: [entry] }, { outfile: BUNDLE_FILE }, entry);
  const entryKey = relative(rootDir, entry).split(sep).join('/');
  if (direct.metafile.inputs[entryKey]?.format !== 'cjs') return { bundle: toBundle(direct, entry, false), inputs: inputsOf(direct) };
  const wrapper = `import mod from ${JSON.stringify(`./${entryKey}`)};\nexport const ${exportName} = mod.${exportName};\n`;
  const wrapped = await runEsbuild(rootDir, { stdin: { contents: wrapper, resolveDir: rootDir, sourcefile: 'lambda-entry.mjs', loader: 'js' } }, { outfile: BUNDLE_FILE }, entry);
  return { bundle: toBundle(wrapped, entry, true), inputs: inputsOf(wrapped) };
}

/** The files one entry of a run of several reads: its imports, followed (what a run of its own lists). */
function reachableInputs(result: Built, entryKey: string): string[] {
  const seen = new Set<string>();
  const visit = (input: string) => {
    if (seen.has(input) || !isFile(input)) return;
    seen.add(input);
    for (const i of result.metafile.inputs[input]?.imports ?? []) if (!i.external) visit(i.path);
  };
  visit(entryKey);
  return [...seen];
}

type EntryOptions = Pick<BuildOptions, 'entryPoints' | 'stdin'>;
type OutputOptions = Pick<BuildOptions, 'outfile' | 'outdir' | 'outExtension'>;

async function runEsbuild(rootDir: string, entry: EntryOptions, output: OutputOptions, shownEntry: string): Promise<Built> {
  const esbuild = await import('esbuild');
  try {
    return await esbuild.build({
      ...entry,
      ...output,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      write: false,
      metafile: true,
      minify: false,
      // Linked, without the sources' text: enough for Node's --enable-source-maps to name the .ts
      // file and line in a stack, without shipping the source twice.
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'silent',
      absWorkingDir: rootDir,
      external: ['@aws-sdk/*', '@smithy/*'],
      banner: { js: REQUIRE_BANNER },
    });
  } catch (err) {
    throw new BundleError(shownEntry, messagesOf(err, rootDir));
  }
}

/** `file` names the output in the run (an entry of several); the bundle links its map as index.mjs.map whatever it was. */
function toBundle(result: Built, entry: string, commonJs: boolean, file = BUNDLE_FILE): NodeBundle {
  const named = (name: string) => (path: string) => path === name || path.endsWith(`/${name}`) || path.endsWith(`${sep}${name}`);
  const output = result.outputFiles.find((f) => named(file)(f.path));
  const map = result.outputFiles.find((f) => named(`${file}.map`)(f.path));
  if (!output || !map) throw new BundleError(entry, [{ text: 'esbuild produced no output' }]);
  const meta = Object.entries(result.metafile.outputs).find(([path]) => named(file)(path))?.[1];
  let code = Buffer.from(output.contents);
  if (file !== BUNDLE_FILE) {
    const link = `//# sourceMappingURL=${file}.map\n`;
    const text = code.toString('utf8');
    if (!text.endsWith(link)) throw new BundleError(entry, [{ text: 'esbuild linked no source map' }]);
    code = Buffer.from(`${text.slice(0, -link.length)}//# sourceMappingURL=${SOURCE_MAP_FILE}\n`);
  }
  return { code, sourceMap: Buffer.from(map.contents), exports: [...(meta?.exports ?? [])].sort(), commonJs };
}

function messagesOf(err: unknown, rootDir: string): BundleMessage[] {
  const errors = (err as Partial<BuildFailure>).errors;
  if (!Array.isArray(errors)) return [{ text: err instanceof Error ? err.message : String(err) }];
  return errors.map((m: Message) => ({
    file: m.location?.file ? resolve(rootDir, m.location.file) : undefined,
    line: m.location?.line,
    column: m.location?.column,
    text: m.text,
  }));
}
