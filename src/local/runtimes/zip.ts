// Unpacking deployment packages. yauzl refuses entry names that are absolute or contain `..`;
// we also refuse symlinks that point outside the folder, so a zip can never write elsewhere.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** The package cannot be unpacked safely; `reason` says which entry and why. */
export class ZipRejectedError extends Error {
  constructor(readonly reason: string) {
    super(`Could not unzip uploaded file. Please check your file, then try to upload again. (${reason})`);
  }
}

export interface ZipEntryData {
  name: string;
  /** Undefined for directories. */
  data?: Buffer;
  symlinkTarget?: string;
  mode: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Reads every entry, validating names; throws ZipRejectedError for a bad or unsafe zip. */
export async function readZip(zip: Buffer): Promise<ZipEntryData[]> {
  let file: ZipFile;
  try {
    file = await yauzl.fromBufferPromise(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw new ZipRejectedError((err as Error).message);
  }
  const entries: ZipEntryData[] = [];
  return new Promise((resolvePromise, reject) => {
    const fail = (err: Error) => {
      file.close();
      reject(err instanceof ZipRejectedError ? err : new ZipRejectedError(err.message));
    };
    file.on('error', fail);
    file.on('end', () => resolvePromise(entries));
    file.on('entry', (entry: Entry) => {
      const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
      if (entry.fileName.endsWith('/')) {
        entries.push({ name: entry.fileName, mode });
        file.readEntry();
        return;
      }
      file.openReadStream(entry, (err, stream) => {
        if (err) return fail(err);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', fail);
        stream.on('end', () => {
          const data = Buffer.concat(chunks);
          if ((mode & S_IFMT) === S_IFLNK) {
            const target = data.toString('utf8');
            const landing = resolve('/root', dirname(entry.fileName), target);
            if (isAbsolute(target) || relative('/root', landing).startsWith('..')) {
              return fail(new ZipRejectedError(`symlink ${entry.fileName} -> ${target} points outside the function folder`));
            }
            entries.push({ name: entry.fileName, symlinkTarget: target, mode });
          } else {
            entries.push({ name: entry.fileName, data, mode });
          }
          file.readEntry();
        });
      });
    });
    file.readEntry();
  });
}

/** Writes entries under dest (which must not exist yet or be empty). */
export function writeEntries(entries: ZipEntryData[], dest: string): void {
  const root = resolve(dest);
  mkdirSync(root, { recursive: true });
  for (const entry of entries) {
    const target = resolve(root, entry.name);
    // Defence in depth: never write outside root, whatever the reader let through.
    if (relative(root, target).startsWith('..') || isAbsolute(relative(root, target))) {
      throw new ZipRejectedError(`entry ${entry.name} escapes the function folder`);
    }
    if (entry.data === undefined && entry.symlinkTarget === undefined) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    if (entry.symlinkTarget !== undefined) symlinkSync(entry.symlinkTarget, target);
    else writeFileSync(target, entry.data!, { mode: (entry.mode & 0o777) || 0o644 });
  }
}
