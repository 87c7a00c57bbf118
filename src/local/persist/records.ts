// One journal record per line: "<crc32 hex> <json>\n". The checksum tells a record cut short by a
// crash (the tail: ignored) or damaged on disk (stops the replay) from a whole one.
import { crc32 } from 'node:zlib';

/** The bytes a record adds to its JSON's: the checksum, its space and the newline. */
export const FRAME_OVERHEAD = 10;

export function frame(json: string): string {
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

export interface Scanned {
  /** The JSON texts of the whole records, in order. */
  records: string[];
  /** Bytes of the file up to the end of the last whole record. */
  goodBytes: number;
  /** Why the scan stopped early, with whether anything came after the bad record. */
  problem?: { offset: number; reason: string; atTail: boolean };
}

export function scan(buffer: Buffer): Scanned {
  const records: string[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const end = buffer.indexOf(0x0a, offset);
    if (end < 0) return { records, goodBytes: offset, problem: { offset, reason: 'record without its end (torn write)', atTail: true } };
    const line = buffer.toString('utf8', offset, end);
    const space = line.indexOf(' ');
    const json = space === 8 ? line.slice(9) : undefined;
    if (json === undefined || crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) {
      const atTail = buffer.subarray(end + 1).every((b) => b === 0 || b === 0x0a);
      return { records, goodBytes: offset, problem: { offset, reason: 'checksum mismatch', atTail } };
    }
    records.push(json);
    offset = end + 1;
  }
  return { records, goodBytes: offset };
}
