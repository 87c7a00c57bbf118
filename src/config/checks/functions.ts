// Per-function checks: the runtime is one AWS accepts, the handler file exists, is of the
// runtime's language, and exports the named function; extra files exist.
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { RUNTIMES, SUPPORTED_RUNTIMES, runtimeInfo } from '../../aws/runtimes.js';
import { BundleError, NODE_EXTENSIONS, bundleNodeHandler, bundleNodeHandlers, type BundleRequest } from '../../build/bundle.js';
import type { FunctionConfig } from '../types.js';
import type { CheckContext } from './context.js';

export async function checkFunctions(ctx: CheckContext): Promise<void> {
  // One esbuild run for all Node handlers; each check below then finds its bundle cached.
  await bundleNodeHandlers(await nodeHandlers(ctx), ctx.rootDir);
  await Promise.all(Object.entries(ctx.config.functions).map(([key, fn]) => checkFunction(ctx, key, fn)));
}

async function checkFunction(ctx: CheckContext, key: string, fn: FunctionConfig): Promise<void> {
  const language = checkRuntime(ctx, key, fn);
  const handlerPath = resolve(ctx.rootDir, fn.handler);
  // Where a problem points, worked out only for a problem (naming a line parses the file again).
  const at = () => ctx.at('functions', key, 'handler');
  if (!(await isFile(handlerPath))) {
    ctx.problems.add(ctx.configFile, at(), `handler file ${fn.handler} does not exist (looked for ${ctx.show(handlerPath)})`,
      'create it, or correct the path (relative to discovery.config.json)');
  } else {
    const ext = extname(handlerPath);
    const isNode = NODE_EXTENSIONS.includes(ext);
    if (language && (language === 'nodejs') !== isNode) {
      ctx.problems.add(ctx.configFile, at(), `handler ${fn.handler} is not a ${language} source for runtime ${fn.runtime}`,
        language === 'nodejs' ? 'use a .ts, .js or .mjs handler, or a python3.x runtime' : 'use a .py handler, or a nodejs runtime');
    } else if (isNode) {
      await checkNodeExport(ctx, key, fn, handlerPath);
    } else {
      await checkPythonExport(ctx, key, fn, handlerPath);
    }
  }
  for (const [i, file] of (fn.files ?? []).entries()) {
    const path = resolve(ctx.rootDir, file);
    if (!(await exists(path))) {
      ctx.problems.add(ctx.configFile, ctx.at('functions', key, 'files', i), `file ${file} does not exist`, 'create it or remove it from "files"');
    }
  }
}

async function nodeHandlers(ctx: CheckContext): Promise<BundleRequest[]> {
  const found = await Promise.all(Object.values(ctx.config.functions).map(async (fn): Promise<BundleRequest | undefined> => {
    const entry = resolve(ctx.rootDir, fn.handler);
    const isNode = runtimeInfo(fn.runtime)?.language === 'nodejs' && NODE_EXTENSIONS.includes(extname(entry));
    return isNode && (await isFile(entry)) ? { entry, exportName: fn.export ?? 'handler' } : undefined;
  }));
  return found.filter((r): r is BundleRequest => r !== undefined);
}

function checkRuntime(ctx: CheckContext, key: string, fn: FunctionConfig): 'nodejs' | 'python' | undefined {
  const info = runtimeInfo(fn.runtime);
  const at = () => ctx.at('functions', key, 'runtime');
  if (!info) {
    const family = fn.runtime.startsWith('python') ? 'python' : fn.runtime.startsWith('node') ? 'nodejs' : undefined;
    const choices = SUPPORTED_RUNTIMES.filter((r) => !family || r.startsWith(family));
    ctx.problems.add(ctx.configFile, at(), `unknown runtime "${fn.runtime}"`, `use one of ${choices.join(', ')}`);
    return undefined;
  }
  if (info.retired) {
    const newest = RUNTIMES.find((r) => r.language === info.language && !r.retired)?.id;
    ctx.problems.add(ctx.configFile, at(),
      `runtime ${fn.runtime} is retired (deprecated ${info.deprecated ?? 'earlier'}); AWS no longer accepts it for creating or updating functions`,
      `use ${newest ?? SUPPORTED_RUNTIMES.join(', ')} instead`);
  }
  return info.language;
}

async function checkNodeExport(ctx: CheckContext, key: string, fn: FunctionConfig, handlerPath: string): Promise<void> {
  const name = fn.export ?? 'handler';
  try {
    const bundle = await bundleNodeHandler(handlerPath, ctx.rootDir, name);
    if (bundle.commonJs) {
      // CommonJS exports are assigned at run time; look for the assignment in the source.
      const source = await readFile(handlerPath, 'utf8');
      const id = name.replace(/\$/g, '\\$');
      const assigned = new RegExp(`\\b(module\\.)?exports\\.${id}\\s*=|module\\.exports\\s*=\\s*\\{[^}]*\\b${id}\\b`).test(source);
      if (!assigned) {
        ctx.problems.add(ctx.show(handlerPath), '', `does not assign exports.${name} for function "${key}" (a CommonJS module)`,
          `add \`exports.${name} = async (event, context) => { ... }\`, or set "export" of functions.${key} to the exported name`);
      }
    } else if (!bundle.exports.includes(name)) {
      const found = bundle.exports.length ? `it exports ${bundle.exports.join(', ')}` : 'it exports nothing';
      ctx.problems.add(ctx.show(handlerPath), '', `does not export "${name}" for function "${key}"; ${found}`,
        `add \`export async function ${name}(event, context)\`, or set "export" of functions.${key} to the exported name`);
    }
  } catch (err) {
    if (!(err instanceof BundleError)) throw err;
    for (const m of err.messages) {
      const file = m.file ? ctx.show(m.file) : ctx.show(handlerPath);
      ctx.problems.add(file, m.line ? `line ${m.line}${m.column !== undefined ? `, column ${m.column + 1}` : ''}` : '',
        `cannot bundle function "${key}": ${m.text}`, 'correct the source, or install the missing package');
    }
  }
}

async function checkPythonExport(ctx: CheckContext, key: string, fn: FunctionConfig, handlerPath: string): Promise<void> {
  const name = fn.export ?? 'lambda_handler';
  const source = await readFile(handlerPath, 'utf8');
  const def = new RegExp(`^(async\\s+)?def\\s+${name.replace(/[$]/g, '\\$')}\\s*\\(`, 'm');
  if (!def.test(source)) {
    const defs = [...source.matchAll(/^def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/gm)].map((m) => m[1]);
    ctx.problems.add(ctx.show(handlerPath), '', `has no top-level \`def ${name}(\` for function "${key}"${defs.length ? `; it defines ${defs.join(', ')}` : ''}`,
      `add \`def ${name}(event, context):\`, or set "export" of functions.${key} to the function's name`);
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

