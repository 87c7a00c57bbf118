// The files of one state document: a snapshot (<name>.json, the whole document, the format the
// state folder always had) and journals (<name>.<generation>.journal) of records appended since.
// Appends are written at once (a kill loses nothing the kernel has); fdatasync runs off the event
// loop and is shared by every append made while the previous one ran (group commit), and
// `durable()` says when a given append survives a power loss too. When the journal outgrows the
// snapshot, a new snapshot is written in the background and the journals it covers are removed.
import { closeSync, fdatasync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFileDurably } from './durable-file.js';
import { frame, scan } from './records.js';

export interface Loaded {
  /** The snapshot's text, if there is one. */
  snapshot: string | undefined;
  /** Records since the snapshot (JSON texts), in the order they were appended. */
  records: string[];
}

export interface JournalOptions {
  /** The journal is compacted once it is bigger than the snapshot and than this (bytes). */
  minCompactBytes?: number;
  warn?: (message: string) => void;
}

const DEFAULT_MIN_COMPACT_BYTES = 256 * 1024;
/** Tests set it low to make compaction happen under load. */
const envMinCompactBytes = Number(process.env.DISCOVERY_STATE_COMPACT_BYTES) || undefined;

export class Journal {
  private readonly snapshotFile: string;
  private generation = 0;
  private fd: number | undefined;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private appended = 0;
  private synced = 0;
  private syncing: Promise<void> | undefined;
  private readonly retired: number[] = [];
  private readonly waiters: { upTo: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  private compacting: Promise<void> | undefined;
  private readonly minCompactBytes: number;
  private readonly warn: (message: string) => void;

  constructor(private readonly dir: string, private readonly name: string, options: JournalOptions = {}) {
    this.snapshotFile = join(dir, `${name}.json`);
    this.minCompactBytes = options.minCompactBytes ?? envMinCompactBytes ?? DEFAULT_MIN_COMPACT_BYTES;
    this.warn = options.warn ?? ((message) => process.emitWarning(message, 'LocalCloudState'));
  }

  /**
   * Reads the snapshot and every journal after it. A record cut short at the very end (a crash
   * mid-append) is dropped; a damaged record stops the replay there, with a warning, and the
   * damaged journal is kept aside as <name>.<generation>.journal.damaged.
   */
  load(): Loaded & { damaged: boolean } {
    const snapshot = readText(this.snapshotFile);
    this.snapshotBytes = snapshot === undefined ? 0 : Buffer.byteLength(snapshot);
    const records: string[] = [];
    let damaged = false;
    const generations = this.generations();
    for (const [i, generation] of generations.entries()) {
      const file = this.journalFile(generation);
      const scanned = scan(readFileSync(file));
      records.push(...scanned.records);
      this.journalBytes += scanned.goodBytes;
      const problem = scanned.problem;
      if (!problem) continue;
      const last = i === generations.length - 1;
      if (problem.atTail && last) {
        this.warn(`${file}: ignored a partial record at byte ${problem.offset} (${problem.reason}), left by a crash while it was written`);
      } else {
        this.warn(`${file}: damaged record at byte ${problem.offset} (${problem.reason}); state replayed up to it, the file kept as ${file}.damaged`);
        writeFileSync(`${file}.damaged`, readFileSync(file));
      }
      damaged = true;
      break;
    }
    this.generation = (generations.at(-1) ?? 0) + 1;
    return { snapshot, records, damaged };
  }

  /** After a damaged or torn load: the state as replayed becomes the snapshot, the journals go. */
  resetTo(snapshotText: string): void {
    const tmp = `${this.snapshotFile}.${process.pid}.tmp`;
    writeFileSync(tmp, snapshotText);
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.snapshotFile);
    this.syncDir();
    for (const generation of this.generations()) rmSync(this.journalFile(generation), { force: true });
    this.snapshotBytes = Buffer.byteLength(snapshotText);
    this.journalBytes = 0;
  }

  /** Appends records (JSON texts); returns the number to pass to durable(). */
  append(records: string[]): number {
    if (records.length === 0) return this.appended;
    const text = records.map(frame).join('');
    if (this.fd === undefined) this.openGeneration();
    writeSync(this.fd!, text);
    this.journalBytes += Buffer.byteLength(text);
    return ++this.appended;
  }

  /** Resolves once append number `upTo` (and all before it) is on stable storage. */
  durable(upTo: number = this.appended): Promise<void> {
    if (upTo <= this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.syncing ??= this.syncLoop();
    });
  }

  get wantsCompaction(): boolean {
    return this.compacting === undefined && this.journalBytes > Math.max(this.snapshotBytes, this.minCompactBytes);
  }

  /**
   * `snapshotText` is the document with every record appended so far applied: later appends go to
   * a new journal; the snapshot is written off the event loop; then the older journals are removed.
   */
  compact(snapshotText: string): Promise<void> {
    const covered = this.generation;
    this.retire();
    this.snapshotBytes = Buffer.byteLength(snapshotText);
    this.journalBytes = 0;
    this.compacting = this.writeSnapshot(snapshotText, covered).finally(() => {
      this.compacting = undefined;
    });
    return this.compacting;
  }

  /** Resolves when no compaction is under way. */
  async settled(): Promise<void> {
    await this.compacting?.catch(() => undefined);
  }

  /** Waits for pending syncs and compaction, then closes the files. */
  async close(): Promise<void> {
    await this.compacting?.catch(() => undefined);
    await this.durable();
    await this.syncing;
    this.retire();
    for (const fd of this.retired.splice(0)) closeSync(fd);
  }

  private async writeSnapshot(text: string, coveredGeneration: number): Promise<void> {
    await replaceFileDurably(this.snapshotFile, text, `${this.snapshotFile}.${process.pid}.tmp`);
    this.syncDir();
    for (const generation of this.generations()) {
      if (generation <= coveredGeneration) await rm(this.journalFile(generation), { force: true });
    }
  }

  private async syncLoop(): Promise<void> {
    try {
      while (this.waiters.length > 0) {
        const upTo = this.appended;
        // Only journals retired before this round are closed by it: one retired while it runs
        // (a compaction) is still in use here, and is synced and closed by the next round.
        const retired = this.retired.splice(0);
        const fds = this.fd === undefined ? retired : [...retired, this.fd];
        await Promise.all(fds.map((fd) => new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())))));
        for (const fd of retired) closeSync(fd);
        this.synced = upTo;
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          const waiter = this.waiters[i]!;
          if (waiter.upTo <= upTo) {
            this.waiters.splice(i, 1);
            waiter.resolve();
          }
        }
      }
    } catch (err) {
      for (const waiter of this.waiters.splice(0)) waiter.reject(err as Error);
    } finally {
      this.syncing = undefined;
    }
  }

  private openGeneration(): void {
    this.fd = openSync(this.journalFile(this.generation), 'a');
    this.syncDir(); // the new file's name must survive a power loss as its records do
  }

  /** The current journal takes no more appends; it is synced and closed by the next sync round. */
  private retire(): void {
    if (this.fd !== undefined) this.retired.push(this.fd);
    this.fd = undefined;
    this.generation++;
  }

  private generations(): number[] {
    const pattern = new RegExp(`^${this.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.journal$`);
    return readdirSync(this.dir)
      .map((file) => pattern.exec(file)?.[1])
      .filter((g): g is string => g !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private journalFile(generation: number): string {
    return join(this.dir, `${this.name}.${String(generation).padStart(6, '0')}.journal`);
  }

  private syncDir(): void {
    try {
      const fd = openSync(this.dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Some file systems refuse fsync on a directory; the data files are still synced.
    }
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
