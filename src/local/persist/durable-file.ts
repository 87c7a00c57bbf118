// A whole file replaced so that a reader (or a restart after a kill) sees the old one or the new
// one, never half of one: written beside it, on stable storage, then renamed over it.
import { open, rename } from 'node:fs/promises';

export async function replaceFileDurably(path: string, data: string | Buffer, tmp = `${path}.tmp`): Promise<void> {
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}
