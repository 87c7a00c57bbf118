// Stage 2 of the pipeline: every function's deterministic zip (built concurrently) and every
// API's renderer. Input problems found here (a bundle that no longer compiles, a zip over the
// direct-upload limit) are reported together as a ConfigError, like load's.
import { relative } from 'node:path';
import type { LoadedProject } from '../config/project.js';
import { functionName } from '../config/project.js';
import { Problems, pointer } from '../config/problems.js';
import { BundleError } from './bundle.js';
import { functionContents } from './function-package.js';
import { RequirementsError } from './python-requirements.js';
import { builtApi } from './render.js';
import type { BuiltApi, BuiltFunction, BuiltProject } from './types.js';
import { codeSha256, deterministicZip } from './zip.js';

/** Lambda's limit for a zip sent in the request (ZipFile); larger ones must go through S3. */
export const DIRECT_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

export interface BuildOptions {
  /** Largest zip accepted; default Lambda's direct-upload limit (tests lower it). */
  maxZipBytes?: number;
}

export async function buildProject(project: LoadedProject, options: BuildOptions = {}): Promise<BuiltProject> {
  const maxZipBytes = options.maxZipBytes ?? DIRECT_UPLOAD_LIMIT_BYTES;
  const problems = new Problems();
  const configFile = shown(project.configPath);
  const built = await Promise.all(
    Object.entries(project.config.functions).map(async ([key, fn]): Promise<BuiltFunction | undefined> => {
      try {
        const contents = await functionContents(project.rootDir, fn);
        const zip = await deterministicZip(contents.entries, project.rootDir);
        if (zip.length > maxZipBytes) {
          problems.add(configFile, pointer('functions', key),
            `the zip of function "${key}" is ${megabytes(zip.length)} MB, over Lambda's ${megabytes(maxZipBytes)} MB limit for direct upload`,
            'make it smaller (fewer or lighter dependencies, data files out of "files"); uploading through S3 is not supported by discovery-cli');
          return undefined;
        }
        return { key, name: functionName(project, key), runtime: fn.runtime, handler: contents.handler, zip, codeSha256: codeSha256(zip) };
      } catch (err) {
        if (err instanceof RequirementsError) {
          problems.add(shown(err.requirementsFile), '', `cannot install the requirements of function "${key}": ${err.pipOutput}`,
            `check the names and versions, and that each has a wheel for Lambda (manylinux2014, ${fn.runtime}); offline, point PIP_FIND_LINKS at a folder of wheels and set PIP_NO_INDEX=1`);
          return undefined;
        }
        if (!(err instanceof BundleError)) throw err;
        for (const m of err.messages) {
          problems.add(m.file ? shown(m.file) : shown(err.entry), m.line ? `line ${m.line}` : '', `cannot bundle function "${key}": ${m.text}`,
            'correct the source, or install the missing package');
        }
        return undefined;
      }
    }),
  );
  problems.throwIfAny();
  const functions: Record<string, BuiltFunction> = {};
  for (const fn of built) if (fn) functions[fn.key] = fn;
  const apis: Record<string, BuiltApi> = {};
  for (const [key, api] of Object.entries(project.apis)) apis[key] = builtApi(api);
  return { project, functions, apis };
}

function megabytes(bytes: number): string {
  return (bytes / 1048576).toFixed(bytes < 1048576 ? 3 : 1).replace(/\.?0+$/, '');
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
