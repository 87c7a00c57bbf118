// A Python function's requirements.txt (beside its handler) installed into its package, as SAM
// does: pip for Lambda's platform (manylinux, the runtime's Python version, wheels only), so what
// is packaged is what Lambda can import, never the host's own builds. pip's usual settings
// (PIP_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX, pip.conf) apply, so private or offline indexes work.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const REQUIREMENTS_FILE = 'requirements.txt';

export class RequirementsError extends Error {
  constructor(readonly requirementsFile: string, readonly pipOutput: string) {
    super(`pip could not install ${requirementsFile} for Lambda: ${pipOutput}`);
    this.name = 'RequirementsError';
  }
}

/** Lambda's Python runtimes run on Amazon Linux (glibc 2.26+): manylinux2014 wheels fit. */
const PLATFORMS: Record<string, string[]> = {
  x86_64: ['manylinux2014_x86_64', 'manylinux_2_17_x86_64'],
  arm64: ['manylinux2014_aarch64', 'manylinux_2_17_aarch64'],
};

/**
 * Installs the requirements into a folder (cached under cacheDir by the file's contents, the runtime
 * and the architecture, so a rebuild with the same requirements runs no pip) and returns it.
 */
export async function installRequirements(requirementsFile: string, runtime: string, architecture: string, cacheDir: string): Promise<string> {
  const pythonVersion = /^python(\d+\.\d+)$/.exec(runtime)?.[1];
  if (!pythonVersion) throw new RequirementsError(requirementsFile, `runtime ${runtime} is not a Python runtime`);
  const key = createHash('sha256').update(readFileSync(requirementsFile)).update(`\0${runtime}\0${architecture}`).digest('hex').slice(0, 24);
  const target = join(cacheDir, key);
  if (existsSync(target)) return target;

  mkdirSync(cacheDir, { recursive: true });
  const partial = mkdtempSync(`${target}.partial-`);
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-compile', '--quiet',
    '--requirement', requirementsFile, '--target', partial,
    '--python-version', pythonVersion, '--implementation', 'cp', '--only-binary=:all:',
    ...(PLATFORMS[architecture] ?? PLATFORMS.x86_64!).flatMap((p) => ['--platform', p])];
  try {
    await exec(process.env.DISCOVERY_PYTHON ?? 'python3', args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    const e = err as { stderr?: string; message: string };
    throw new RequirementsError(requirementsFile, (e.stderr || e.message).trim().split('\n').slice(-5).join(' '));
  }
  // pip's own bookkeeping that differs per install, never needed at run time.
  rmSync(join(partial, 'bin'), { recursive: true, force: true });
  renameSync(partial, target);
  return target;
}
