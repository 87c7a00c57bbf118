#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js and all it imports) into dist/bundle/, which
// bin/discovery-cli.js runs (issue #11). Node then loads a few ES modules instead of hundreds of
// files (the AWS SDK's CommonJS above all, each scanned for its exports), and the SDK's ES build
// lets esbuild drop the operations the engine never sends. Runs after tsc and
// gen-config-validator in `npm run build`.
// - Code splitting keeps every lazy `import()` lazy: --help and --version load no chunk holding
//   the SDK. dist/bundle/manifest.json names those chunks, for the start-up test.
// - The local cloud stays outside (dist/src/local, imported by relative path): its daemon starts
//   itself by file name and its persistence loads native modules.
// - esbuild stays outside: its JavaScript API finds its binary relative to its own package.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'src');
const out = join(root, 'dist', 'bundle');
const localCloud = join(compiled, 'local') + sep;

/** Imports that reach into dist/src/local stay imports, rewritten relative to the bundle. */
const localCloudOutside = {
  name: 'local-cloud-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      if (!target.startsWith(localCloud)) return undefined;
      return { path: relative(out, target).split(sep).join('/'), external: true };
    });
  },
};

// ES modules have no `require`; the CommonJS parts of the bundle (and schema.ts) call it.
const REQUIRE_BANNER = "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);";

rmSync(out, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { 'discovery-cli': join(compiled, 'cli', 'main.js') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // The SDK's ES build ("module") first: tree-shaken to the commands the engine imports.
  mainFields: ['module', 'main'],
  external: ['esbuild'],
  plugins: [localCloudOutside],
  banner: { js: REQUIRE_BANNER },
  chunkNames: '[name]-[hash]',
  legalComments: 'none',
  // Less text for Node to parse at start-up; names are kept, so stacks still say which function.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
});

// schema.ts loads the precompiled validator from beside its own module: all chunks sit in out/.
copyFileSync(join(compiled, 'config', 'config-validator.cjs'), join(out, 'config-validator.cjs'));

const holdsSdk = (inputs) => Object.keys(inputs).some((input) => /node_modules\/@(aws-sdk|smithy)\//.test(input));
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
const manifest = {
  entry: 'discovery-cli.js',
  sdkChunks: outputs.filter(([, o]) => holdsSdk(o.inputs)).map(([file]) => relative(out, resolve(root, file)).split(sep).join('/')).sort(),
};
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
process.stderr.write(`cli bundle: ${join(out, manifest.entry)} and ${outputs.length - 1} chunks, ${Math.round(bytes / 1024)} KB (${manifest.sdkChunks.length} with the AWS SDK)\n`);
