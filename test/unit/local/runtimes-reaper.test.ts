// The process-group reaper: groups it lists die when its pipe closes (the local cloud ending,
// however it ends); groups removed from it are left alone.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { GroupReaper } from '../../../src/local/runtimes/reaper.js';

const started: number[] = [];
afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

function sleeperGroup(): number {
  const child = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
  child.unref();
  started.push(child.pid!);
  return child.pid!;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
};

describe.skipIf(process.platform === 'win32')('GroupReaper', () => {
  it('kills the groups it still lists when its pipe closes, and spares removed ones', async () => {
    const reaper = new GroupReaper();
    const listed = sleeperGroup();
    const removed = sleeperGroup();
    reaper.add(listed);
    reaper.add(removed);
    reaper.remove(removed);
    reaper.close();
    await vi.waitFor(() => expect(alive(listed)).toBe(false), { timeout: 5000, interval: 10 });
    expect(alive(removed)).toBe(true);
  });
});
