// A Python function with a requirements.txt: pip installs it for Lambda's platform into the
// function's package (offline here: a wheel the test makes, found through PIP_FIND_LINKS), and
// the deployed function imports it. A requirement pip cannot satisfy is a config error, exit 2.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { DISCOVERY_CLI, runCommand } from '../../helpers/run-command.js';

let cloud: TestCloud;
let dir: string;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runCommand(process.execPath, [DISCOVERY_CLI, ...args, '--endpoint-url', cloud.url], { cwd: dir, env });

/** A pure-Python wheel, written as the wheel format describes (a zip with a dist-info folder). */
function makeWheel(wheels: string): void {
  const script = `
import zipfile, sys
name = sys.argv[1] + '/greetpkg-1.0-py3-none-any.whl'
files = {
  'greetpkg/__init__.py': 'def hello():\\n    return "hello from a wheel"\\n',
  'greetpkg-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\\nName: greetpkg\\nVersion: 1.0\\n',
  'greetpkg-1.0.dist-info/WHEEL': 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n',
}
record = ''.join(f'{path},,\\n' for path in files) + 'greetpkg-1.0.dist-info/RECORD,,\\n'
with zipfile.ZipFile(name, 'w') as z:
  for path, text in files.items():
    z.writestr(path, text)
  z.writestr('greetpkg-1.0.dist-info/RECORD', record)
`;
  execFileSync('python3', ['-c', script, wheels]);
}

beforeAll(async () => {
  cloud = await startTestCloud();
  dir = mkdtempSync(join(tmpdir(), 'discovery-pyreq-'));
  const wheels = join(dir, 'wheels');
  mkdirSync(wheels);
  makeWheel(wheels);
  env = { ...cloud.env, PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1' };
  mkdirSync(join(dir, 'handlers'));
  writeFileSync(join(dir, 'discovery.config.json'), JSON.stringify({
    project: 'pyreq',
    functions: { greeter: { handler: 'handlers/app.py', runtime: 'python3.12' } },
  }));
  writeFileSync(join(dir, 'handlers', 'app.py'), 'import greetpkg\n\ndef lambda_handler(event, context):\n    return {"greeting": greetpkg.hello()}\n');
  writeFileSync(join(dir, 'handlers', 'requirements.txt'), 'greetpkg==1.0\n');
});
afterAll(async () => {
  await cloud.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('Python requirements.txt', () => {
  it('is installed into the package, and the function imports it', async () => {
    const deployed = await cli('deploy');
    expect(deployed.code, deployed.stderr).toBe(0);
    const invoked = await cli('invoke', 'greeter');
    expect(invoked.code, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toEqual({ greeting: 'hello from a wheel' });
    // The package holds the wheel's files at its root, where Lambda puts the zip on sys.path.
    const packaged = await runCommand(process.execPath, [DISCOVERY_CLI, 'package', '--out', join(dir, 'out')], { cwd: dir, env });
    expect(packaged.code, packaged.stderr).toBe(0);
    const listing = execFileSync('python3', ['-c', 'import zipfile,sys,glob;print("\\n".join(zipfile.ZipFile(glob.glob(sys.argv[1]+"/**/greeter*.zip",recursive=True)[0]).namelist()))', join(dir, 'out')], { encoding: 'utf8' });
    expect(listing.split('\n')).toEqual(expect.arrayContaining(['app.py', 'greetpkg/__init__.py', 'greetpkg-1.0.dist-info/METADATA']));
  });

  it('a requirement pip cannot satisfy is a config error naming the file, before any call', async () => {
    writeFileSync(join(dir, 'handlers', 'requirements.txt'), 'no-such-package-anywhere==9.9\n');
    try {
      const result = await cli('plan');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/handlers\/requirements.txt: cannot install the requirements of function "greeter": .*no-such-package-anywhere.*Fix: check the names and versions/s);
    } finally {
      writeFileSync(join(dir, 'handlers', 'requirements.txt'), 'greetpkg==1.0\n');
    }
  });
});
