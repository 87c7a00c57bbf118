// Function metadata in one persisted JSON document; code zips as files named by their sha, so
// versions sharing code share the file and a restart keeps everything.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistentState } from '../persist.js';
import { codeFolderName, TaskRoots } from '../runtimes/task-root.js';
import type { FunctionRecord, LambdaData } from './model.js';

export class LambdaStore {
  private readonly state: PersistentState<LambdaData>;
  /** Zips: <stateDir>/lambda/code/<sha hex>.zip */
  readonly codeDir: string;
  /** Unpacked code: <stateDir>/lambda/task/<sha hex>/task */
  readonly taskRoots: TaskRoots;
  /** Code accepted by a request still running (not yet recorded, or about to fail), by sha. */
  private readonly held = new Map<string, number>();

  constructor(stateDir: string) {
    this.state = new PersistentState<LambdaData>(stateDir, 'lambda', () => ({ functions: {} }));
    this.codeDir = join(stateDir, 'lambda', 'code');
    this.taskRoots = new TaskRoots(join(stateDir, 'lambda', 'task'));
  }

  get functions(): Record<string, FunctionRecord> {
    return this.state.data.functions;
  }

  find(name: string): FunctionRecord | undefined {
    return Object.hasOwn(this.functions, name) ? this.functions[name] : undefined;
  }

  save(): void {
    this.state.save();
  }

  /** Keeps the zip (once per distinct content); returns Lambda's CodeSha256 and CodeSize. */
  saveCode(zip: Buffer): { codeSha256: string; codeSize: number } {
    const codeSha256 = createHash('sha256').update(zip).digest('base64');
    const file = this.codeFile(codeSha256);
    if (!existsSync(file)) {
      mkdirSync(this.codeDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, zip);
      renameSync(tmp, file);
    }
    return { codeSha256, codeSize: zip.length };
  }

  /** Keeps code from being removed while a request that accepted it has not finished. */
  holdCode(codeSha256: string): void {
    this.held.set(codeSha256, (this.held.get(codeSha256) ?? 0) + 1);
  }

  /** The request is done with the code: removed (zip and unpacked) unless a version uses it. */
  releaseCode(codeSha256: string): void {
    const holders = (this.held.get(codeSha256) ?? 1) - 1;
    if (holders > 0) {
      this.held.set(codeSha256, holders);
      return;
    }
    this.held.delete(codeSha256);
    const used = Object.values(this.functions).some((fn) => fn.latest.codeSha256 === codeSha256 || Object.values(fn.versions).some((v) => v.codeSha256 === codeSha256));
    if (used) return;
    rmSync(this.codeFile(codeSha256), { force: true });
    this.taskRoots.discard(codeSha256);
  }

  loadCode(codeSha256: string): Buffer {
    return readFileSync(this.codeFile(codeSha256));
  }

  codeFile(codeSha256: string): string {
    return join(this.codeDir, `${codeFolderName(codeSha256)}.zip`);
  }
}
