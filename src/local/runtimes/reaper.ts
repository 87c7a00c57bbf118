// Ends the workers' process groups even when the local cloud itself is killed (SIGKILL gives it
// no chance to clean up): a tiny shell, started once per runtime host, reads the group ids on a
// pipe and kills the groups still listed when that pipe closes, which happens when this process
// ends for whatever reason. It ignores the terminal's signals (its own session), so Ctrl-C on
// the local cloud does not take it down before it has done its job.
import { spawn, type ChildProcess } from 'node:child_process';

const SCRIPT = `trap '' INT TERM HUP PIPE
groups=''
while IFS= read -r line; do
  case "$line" in
    +*) groups="$groups \${line#+}" ;;
    -*) kept=''; for g in $groups; do [ "$g" = "\${line#-}" ] || kept="$kept $g"; done; groups="$kept" ;;
  esac
done
for g in $groups; do kill -9 -"$g" 2>/dev/null; done`;

export class GroupReaper {
  private child: ChildProcess | undefined;
  private failed = process.platform === 'win32';

  /** From now on, the group led by pgid dies with this process. */
  add(pgid: number): void {
    this.send(`+${pgid}`);
  }

  /** The group is gone (killed by us): forget it, so a reused id is never killed. */
  remove(pgid: number): void {
    if (this.child) this.send(`-${pgid}`);
  }

  /** Ends the reaper (the groups it still lists die with it). */
  close(): void {
    this.child?.stdin?.end();
    this.child = undefined;
  }

  private send(line: string): void {
    if (this.failed) return;
    if (!this.child) {
      this.child = spawn('/bin/sh', ['-c', SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
      this.child.on('error', () => {
        this.failed = true;
        this.child = undefined;
      });
      this.child.stdin!.on('error', () => {});
      this.child.unref();
      (this.child.stdin as unknown as { unref?: () => void }).unref?.();
    }
    this.child.stdin!.write(`${line}\n`);
  }
}
