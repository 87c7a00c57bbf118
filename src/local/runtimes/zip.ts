// Unpacking deployment packages into a fresh folder, as Lambda does, and never anywhere else:
// - yauzl refuses entry names that are absolute or contain `..`;
// - no write ever goes through a link or a file already on disk: every parent folder is
//   lstat-ed (a symlink or a file there refuses the zip) and files are opened O_EXCL|O_NOFOLLOW,
//   so chained links (`d/l1 -> ..`, `d/l1/l2 -> ..`) cannot lead a later entry out;
// - a symlink entry must point inside the folder (checked on its text, then on disk at the end);
// - AWS's unzipped quota (250 MB) is checked on the declared sizes before anything is inflated,
//   and again on the bytes actually inflated (declared sizes can lie), so a bomb stops early.
// Entries stream to disk one at a time: the unzipped content is never held in memory.
// Messages carry AWS's text plus the entry at fault, never a path of this machine.
import { constants, lstatSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** AWS's quota for a function's code, unzipped (250 MB). */
export const MAX_UNZIPPED_BYTES = 262_144_000;
/** A symlink entry's content is its target path; anything longer is not a path. */
const MAX_LINK_TARGET_BYTES = 4096;

const UNZIP_FAILED = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

/** The package cannot be unpacked safely; `message` is AWS's, `reason` names the entry and why. */
export class ZipRejectedError extends Error {
  constructor(readonly reason: string, message = `${UNZIP_FAILED} (${reason})`) {
    super(message);
  }
}

/** The package unzips to more than AWS allows (InvalidParameterValueException, as AWS). */
export class ZipTooLargeError extends ZipRejectedError {
  constructor(limit: number) {
    super(`unzipped size over ${limit} bytes`, `Unzipped size must be smaller than ${limit} bytes`);
  }
}

export interface ExtractOptions {
  maxUnzippedBytes?: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Unpacks zip into dest (a folder that must not exist yet); throws ZipRejectedError for a bad or unsafe zip. */
export async function extractZip(zip: Buffer, dest: string, options: ExtractOptions = {}): Promise<void> {
  const limit = options.maxUnzippedBytes ?? MAX_UNZIPPED_BYTES;
  // First pass, central directory only: the declared sizes decide before any byte is inflated.
  let declared = 0;
  await eachEntry(zip, async (entry) => {
    declared += entry.uncompressedSize;
    if (declared > limit) throw new ZipTooLargeError(limit);
  });
  mkdirSync(dest); // fails if it exists: extraction only ever targets a fresh folder
  const root = realpathSync.native(dest);
  const links: string[] = [];
  let written = 0;
  const count = (bytes: number) => {
    written += bytes;
    if (written > limit) throw new ZipTooLargeError(limit);
  };
  await eachEntry(zip, async (entry, file) => {
    const parts = entry.fileName.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.length === 0) return;
    const isDirectory = entry.fileName.endsWith('/');
    const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
    const name = entry.fileName;
    ensureFolders(root, isDirectory ? parts : parts.slice(0, -1), name);
    if (isDirectory) return;
    const target = join(root, ...parts);
    const stream = await openStream(file, entry);
    if ((mode & S_IFMT) === S_IFLNK) {
      const linkText = await readSmall(stream, MAX_LINK_TARGET_BYTES, name);
      count(linkText.length);
      checkLinkText(parts, linkText, name);
      try {
        symlinkSync(linkText, target);
      } catch (err) {
        throw fsRefusal(err, name);
      }
      links.push(name);
      return;
    }
    await writeFile(stream, target, (mode & 0o777) || 0o644, count, name);
  });
  // Links may be chained (a -> b/.., b -> ..): on disk, each must still land inside the folder.
  for (const name of links) {
    let landing: string;
    try {
      landing = realpathSync.native(join(root, name)); // the kernel's answer: the JS one is lexical about `..`
    } catch {
      continue; // dangling: points at nothing, so at nothing outside either
    }
    if (!inside(root, landing)) throw new ZipRejectedError(`symlink ${name} points outside the function folder`);
  }
}

/** Calls visit for each entry in order (lazily, one at a time); rejects with ZipRejectedError. */
async function eachEntry(zip: Buffer, visit: (entry: Entry, file: ZipFile) => Promise<void>): Promise<void> {
  let file: ZipFile;
  try {
    file = await yauzl.fromBufferPromise(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw asRejection(err);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      file.on('error', reject);
      file.on('end', () => resolve());
      file.on('entry', (entry: Entry) => {
        visit(entry, file).then(() => file.readEntry(), reject);
      });
      file.readEntry();
    });
  } catch (err) {
    throw asRejection(err);
  } finally {
    file.close();
  }
}

/** Creates each folder of parts under root; refuses a link or a file where a folder must be. */
function ensureFolders(root: string, parts: string[], entryName: string): void {
  let dir = root;
  for (const part of parts) {
    dir = join(dir, part);
    let stat;
    try {
      stat = lstatSync(dir);
    } catch {
      try {
        mkdirSync(dir, { mode: 0o755 });
      } catch (err) {
        throw fsRefusal(err, entryName);
      }
      continue;
    }
    if (stat.isSymbolicLink()) throw new ZipRejectedError(`entry ${entryName} would be written through the symlink ${relative(root, dir).split(sep).join('/')}`);
    if (!stat.isDirectory()) throw new ZipRejectedError(`entry ${entryName} needs ${relative(root, dir).split(sep).join('/')} to be a folder, but an earlier entry is a file`);
  }
}

/** A link's text, followed from its own folder, must stay inside the function folder. */
function checkLinkText(parts: string[], linkText: string, entryName: string): void {
  const refuse = () => new ZipRejectedError(`symlink ${entryName} -> ${linkText} points outside the function folder`);
  if (linkText === '' || linkText.includes('\0') || posix.isAbsolute(linkText) || isAbsolute(linkText)) throw refuse();
  let depth = parts.length - 1; // folders between the root and the link
  for (const step of linkText.split('/')) {
    if (step === '..') depth--;
    else if (step !== '' && step !== '.') depth++;
    if (depth < 0) throw refuse();
  }
}

async function writeFile(stream: Readable, target: string, mode: number, count: (bytes: number) => void, entryName: string): Promise<void> {
  let handle;
  try {
    // O_EXCL|O_NOFOLLOW: never replaces nor follows anything already there (a repeated name, a link).
    handle = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  } catch (err) {
    stream.destroy();
    throw fsRefusal(err, entryName);
  }
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        count(chunk.length);
        done(null, chunk);
      } catch (err) {
        done(err as Error);
      }
    },
  });
  try {
    await pipeline(stream, counter, handle.createWriteStream());
  } catch (err) {
    throw err instanceof ZipRejectedError ? err : asRejection(err, entryName);
  } finally {
    await handle.close().catch(() => {});
  }
}

function openStream(file: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    file.openReadStream(entry, (err, stream) => {
      if (err) return reject(asRejection(err, entry.fileName));
      // yauzl's streams may emit again after the pipeline gave up on them: not a crash.
      stream.on('error', () => {});
      resolve(stream);
    });
  });
}

async function readSmall(stream: Readable, max: number, entryName: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      stream.destroy();
      throw new ZipRejectedError(`symlink ${entryName} has a target longer than ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** yauzl's and zlib's messages describe the zip, not this machine; fs errors are reduced to their code. */
function asRejection(err: unknown, entryName?: string): ZipRejectedError {
  if (err instanceof ZipRejectedError) return err;
  const error = err as NodeJS.ErrnoException;
  if (typeof error?.code === 'string' && error.syscall) return fsRefusal(err, entryName ?? '?');
  const text = String(error?.message ?? err);
  return new ZipRejectedError(entryName ? `entry ${entryName}: ${text}` : text);
}

function fsRefusal(err: unknown, entryName: string): ZipRejectedError {
  const code = (err as NodeJS.ErrnoException)?.code ?? 'error';
  const why = code === 'EEXIST' ? 'the name appears twice' : code === 'ELOOP' ? 'it would be written through a symlink' : code === 'ENOTDIR' ? 'a parent is a file' : code;
  return new ZipRejectedError(`entry ${entryName} cannot be unpacked: ${why}`);
}
