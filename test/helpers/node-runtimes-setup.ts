// Vitest global setup: fetch the Node binaries the tests' functions run on (nodejs22.x,
// nodejs24.x) into the runtime cache once, before any test file starts, so no test waits on a
// 50 MB download inside its own timeout and parallel test files do not each fetch them.
import { NodeBinaries } from '../../src/local/runtimes/node/index.js';
import { Notices } from '../../src/local/runtimes/notices.js';
import { resolveRuntimeOptions } from '../../src/local/runtimes/options.js';

export default async function setup(): Promise<void> {
  const options = resolveRuntimeOptions();
  const binaries = new NodeBinaries(options, new Notices(options.notice));
  await Promise.all(['nodejs22.x', 'nodejs24.x'].map((runtime) => binaries.resolve(runtime)));
}
