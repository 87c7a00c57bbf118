// Deterministic zips: entries sorted by name, one fixed date, one fixed mode, one fixed
// compression level, so the same files give the same bytes and the same CodeSha256.
import { createHash } from 'node:crypto';
import { DiskCache, sha256 } from '../cache/disk-cache.js';

export interface ZipEntry {
  /** Path inside the zip, with forward slashes. */
  name: string;
  data: Buffer;
}

/** DOS time cannot go below 1980; archiver writes UTC (forceLocalTime off). */
export const ZIP_DATE = new Date('1980-01-01T00:00:00Z');
export const ZIP_FILE_MODE = 0o644;
export const ZIP_LEVEL = 9;

/**
 * `projectDir`, when given, keeps the zip in the project's cache under the hash of its entries:
 * the same files give the same bytes, so a redeploy need not compress them again.
 */
export async function deterministicZip(entries: ZipEntry[], projectDir?: string): Promise<Buffer> {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.name === sorted[i - 1]!.name) throw new Error(`two zip entries named ${sorted[i]!.name}`);
  }
  const cache = projectDir ? new DiskCache<never>(projectDir, 'zips', `archiver zip level ${ZIP_LEVEL}; v1`) : undefined;
  const key = cache ? sorted.map((e) => `${e.name}\0${sha256(e.data)}`).join('\n') : '';
  const cached = cache?.getBytes(key, 'zip');
  if (cached) return cached;
  const zip = await compress(sorted);
  cache?.setBytes(key, zip, 'zip');
  return zip;
}

async function compress(sorted: ZipEntry[]): Promise<Buffer> {
  const { ZipArchive } = await import('archiver'); // loaded only when something must be zipped
  const archive = new ZipArchive({ zlib: { level: ZIP_LEVEL }, forceLocalTime: false });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolvePromise, reject) => {
    archive.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.on('end', () => resolvePromise(Buffer.concat(chunks)));
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  for (const entry of sorted) {
    archive.append(entry.data, { name: entry.name, date: ZIP_DATE, mode: ZIP_FILE_MODE });
  }
  await archive.finalize();
  return done;
}

/** base64 sha256, the form Lambda reports as CodeSha256. */
export function codeSha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64');
}
