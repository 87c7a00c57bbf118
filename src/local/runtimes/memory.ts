// How much memory a worker holds: the resident set of its process and every descendant (a
// handler's child processes count against its MemorySize, as in a Lambda sandbox). Read from
// /proc on Linux; elsewhere unknown (undefined), and MemorySize is then not enforced.
import { readdirSync, readFileSync } from 'node:fs';

const linux = process.platform === 'linux';

/** The pids of a process and all its descendants (Linux; just the pid elsewhere). */
export function processTree(pid: number): number[] {
  const seen: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.includes(next)) continue;
    seen.push(next);
    if (linux) stack.push(...childrenOf(next));
  }
  return seen;
}

/** Resident bytes of the process tree rooted at pid; undefined when it cannot be measured. */
export function treeResidentBytes(pid: number): number | undefined {
  if (!linux) return undefined;
  let total = 0;
  let measured = false;
  for (const member of processTree(pid)) {
    const rss = residentBytes(member);
    if (rss === undefined) continue;
    total += rss;
    measured = true;
  }
  return measured ? total : undefined;
}

function residentBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const match = /\nVmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const tid of threads) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ')) if (child) children.push(Number(child));
    } catch {
      // the thread ended meanwhile
    }
  }
  return children;
}
