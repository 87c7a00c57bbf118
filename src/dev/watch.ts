// Watches a project folder for saved files with Node's fs.watch on each folder (inotify on Linux,
// FSEvents on macOS): no dependency. Editors save in bursts (write, rename, chmod), so changes are
// collected until the folder has been quiet for `debounceMs`, then reported once, as paths.
import { lstatSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';

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
  const saw = (path: string) => {
    pending.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  // One watch per folder (not per file, nor Node's recursive mode, which follows files by inode):
  // an editor that saves by writing a new file and renaming it over the old one is still seen.
  const watchers = new Map<string, FSWatcher>();
  const add = (dir: string) => {
    if (watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (event, name) => {
        if (!name) return;
        const path = join(dir, name.toString());
        if (!isWatched(relative(rootDir, path))) return;
        if (event === 'rename' && isDirectory(path)) add(path);
        else saw(path);
      });
    } catch {
      return; // gone already, or unreadable
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    for (const entry of safeReaddir(dir)) {
      const path = join(dir, entry);
      if (isWatched(relative(rootDir, path)) && isDirectory(path)) add(path);
    }
  };
  add(rootDir);
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** A real folder (a symlinked one, such as node_modules, is not followed). */
function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
