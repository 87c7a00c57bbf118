// The console page's script and styles, bundled by esbuild from ui/ (preact, TSX). `npm run build`
// writes them beside the compiled server (scripts/build-console.mjs), so the package serves them
// with no network; run from source (tests), the server bundles in memory on first request.
import { join } from 'node:path';

export interface ConsoleBundle {
  js: string;
  css: string;
}

export async function bundleConsole(uiDir: string): Promise<ConsoleBundle> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(uiDir, 'main.tsx')],
    bundle: true,
    write: false,
    outdir: 'out',
    entryNames: 'console',
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'eof',
    logLevel: 'silent',
    tsconfig: join(uiDir, 'tsconfig.json'),
  });
  const find = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: find('.js'), css: find('.css') };
}
