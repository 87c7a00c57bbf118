// A tiny zip writer for tests: stored (uncompressed) entries with any name, including the
// hostile ones (`../x`, `/abs`) that real zip tools refuse to write, and symlinks. Written here
// so the tests do not lean on the project's own build code, which is what they check.
import { crc32 } from 'node:zlib';

/** Raw deflate data with the sizes the headers should claim (honest or not: a bomb may lie). */
export interface DeflatedEntry {
  deflated: Buffer;
  uncompressedSize: number;
  crc: number;
}

export interface ZipSource {
  [name: string]: string | Buffer | { symlink: string } | DeflatedEntry;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const MADE_BY_UNIX = (3 << 8) | 20;
const REGULAR_FILE = 0o100644; // -rw-r--r--
const SYMLINK = 0o120777;

/** Little-endian fields, each [byte width, value], laid end to end. */
function fields(list: [2 | 4, number][]): Buffer {
  const out = Buffer.alloc(list.reduce((n, [width]) => n + width, 0));
  let at = 0;
  for (const [width, value] of list) {
    if (width === 2) out.writeUInt16LE(value, at);
    else out.writeUInt32LE(value >>> 0, at);
    at += width;
  }
  return out;
}

export function makeZip(files: ZipSource): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const isLink = typeof content === 'object' && 'symlink' in content;
    const deflated = typeof content === 'object' && 'deflated' in content ? content : undefined;
    const data = isLink ? Buffer.from(content.symlink) : deflated ? deflated.deflated : Buffer.isBuffer(content) ? content : Buffer.from(content as string);
    const nameBytes = Buffer.from(name);
    const method = deflated ? 8 : 0;
    const crc = deflated ? deflated.crc : crc32(data);
    const size = deflated ? deflated.uncompressedSize : data.length;
    // What the local and central headers both say: version 2.0, UTF-8 names, stored or deflated, 1980-01-01.
    const entry: [2 | 4, number][] = [[2, 20], [2, 0x0800], [2, method], [2, 0], [2, 0x21], [4, crc], [4, data.length], [4, size], [2, nameBytes.length]];
    const local = fields([[4, LOCAL_HEADER], ...entry, [2, 0]]);
    const mode = (isLink ? SYMLINK : REGULAR_FILE) << 16;
    const central = fields([[4, CENTRAL_HEADER], [2, MADE_BY_UNIX], ...entry, [2, 0], [2, 0], [2, 0], [2, 0], [4, mode], [4, offset]]);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const count = Object.keys(files).length;
  const end = fields([[4, END_OF_DIRECTORY], [2, 0], [2, 0], [2, count], [2, count], [4, directory.length], [4, offset], [2, 0]]);
  return Buffer.concat([...locals, directory, end]);
}
