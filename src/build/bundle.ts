// Bundles one Node handler with esbuild, in process: ESM for Node 22, the AWS SDK v3 left
// external (the Lambda runtime provides it), and a `require` for CommonJS dependencies.
import { relative, resolve, sep } from 'node:path';
import type { BuildFailure, BuildOptions, BuildResult, Message } from 'esbuild';

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
  const cacheKey = JSON.stringify([entry, rootDir, exportName]);
  const cached = cache.get(cacheKey);
  if (cached && (await fingerprint(rootDir, cached.inputs)) === cached.fingerprint) return cached.bundle;
  const { bundle, inputs } = await bundleUncached(entry, rootDir, exportName);
  cache.set(cacheKey, { bundle, inputs, fingerprint: await fingerprint(rootDir, inputs) });
  return bundle;
}

/** The files (relative to rootDir, '/'-separated) the last bundle of this entry read; undefined before one. */
export function bundledInputs(entry: string, rootDir: string, exportName = 'handler'): string[] | undefined {
  return cache.get(JSON.stringify([entry, rootDir, exportName]))?.inputs;
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

async function bundleUncached(entry: string, rootDir: string, exportName: string): Promise<{ bundle: NodeBundle; inputs: string[] }> {
  const direct = await runEsbuild(rootDir, { entryPoints: [entry] }, entry);
  const entryKey = relative(rootDir, entry).split(sep).join('/');
  const inputsOf = (r: BuildResult<{ metafile: true; write: false }>) => Object.keys(r.metafile.inputs).filter((i) => !i.startsWith('<'));
  if (direct.metafile.inputs[entryKey]?.format !== 'cjs') return { bundle: toBundle(direct, entry, false), inputs: inputsOf(direct) };
  const wrapper = `import mod from ${JSON.stringify(`./${entryKey}`)};\nexport const ${exportName} = mod.${exportName};\n`;
  const wrapped = await runEsbuild(rootDir, { stdin: { contents: wrapper, resolveDir: rootDir, sourcefile: 'lambda-entry.mjs', loader: 'js' } }, entry);
  return { bundle: toBundle(wrapped, entry, true), inputs: inputsOf(wrapped) };
}

type EntryOptions = Pick<BuildOptions, 'entryPoints' | 'stdin'>;

async function runEsbuild(rootDir: string, entry: EntryOptions, shownEntry: string): Promise<BuildResult<{ metafile: true; write: false }>> {
  const esbuild = await import('esbuild');
  try {
    return await esbuild.build({
      ...entry,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      outfile: BUNDLE_FILE,
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

function toBundle(result: BuildResult<{ metafile: true; write: false }>, entry: string, commonJs: boolean): NodeBundle {
  const output = result.outputFiles.find((f) => f.path.endsWith(BUNDLE_FILE));
  const map = result.outputFiles.find((f) => f.path.endsWith(SOURCE_MAP_FILE));
  if (!output || !map) throw new BundleError(entry, [{ text: 'esbuild produced no output' }]);
  const meta = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith(BUNDLE_FILE))?.[1];
  return { code: Buffer.from(output.contents), sourceMap: Buffer.from(map.contents), exports: [...(meta?.exports ?? [])].sort(), commonJs };
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
