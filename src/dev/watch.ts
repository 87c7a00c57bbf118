// Watches a project folder for saved files, with Node's own recursive fs.watch (inotify on Linux,
// FSEvents on macOS): no dependency. Editors save in bursts (write, rename, chmod), so changes are
// collected until the folder has been quiet for `debounceMs`, then reported once, as paths.
import { watch, type FSWatcher } from 'node:fs';
import { join, sep } from 'node:path';

/** Folders whose changes are never the user's sources: our own state, dependencies, VCS, build output. */
const IGNORED_DIRS = new Set(['.discovery', 'node_modules', '.git', 'dist']);
/** Editor droppings. */
const IGNORED_FILE = /(~|\.swp|\.swx|\.tmp|#)$|(^|\/)\.#/;

export interface ProjectWatcher {
  close(): void;
}

export function isWatched(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  return !parts.some((p) => IGNORED_DIRS.has(p)) && !IGNORED_FILE.test(relativePath);
}

export function watchProject(rootDir: string, onChange: (files: string[]) => void, debounceMs = 30): ProjectWatcher {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const files = [...pending];
    pending.clear();
    if (files.length) onChange(files);
  };
  const watcher: FSWatcher = watch(rootDir, { recursive: true }, (_event, name) => {
    if (!name) return;
    const relativePath = name.toString();
    if (!isWatched(relativePath)) return;
    pending.add(join(rootDir, relativePath.split('/').join(sep)));
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
