// What an invocation's output may put in CloudWatch Logs. CloudWatch refuses an event over
// 256 KB, so a longer line is cut there; and the local cloud keeps at most 5,000 events and
// 1 MiB of output per invocation (its Logs store keeps 10,000 events per stream), so a handler
// printing millions of lines costs neither memory nor time. What is dropped is counted, and one
// last line says so. The runners (node/runner.mjs, python/runner.py) apply the same numbers to
// what they capture; this module caps what the host reads from a worker's stdout and stderr.
import type { LogEvent } from './types.js';

/** CloudWatch Logs' maximum event size. */
export const MAX_EVENT_BYTES = 262_144;
export const MAX_EVENTS_PER_INVOCATION = 5_000;
export const MAX_OUTPUT_BYTES_PER_INVOCATION = 1_048_576;
const TRUNCATED = ' [truncated: 256 KB per log event]';

/** Cuts a message to CloudWatch's event size (bytes of UTF-8). */
export function capMessage(message: string): string {
  if (message.length * 3 <= MAX_EVENT_BYTES) return message; // cannot be over: skip the count
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.length <= MAX_EVENT_BYTES) return message;
  return bytes.subarray(0, MAX_EVENT_BYTES - TRUNCATED.length - 3).toString('utf8').replace(/\uFFFD$/, '') + TRUNCATED;
}

export function droppedNotice(lines: number, chars: number): string {
  return `[the local cloud dropped ${lines} more line(s), ${chars} characters, of this invocation's output: it keeps ${MAX_EVENTS_PER_INVOCATION} events and ${MAX_OUTPUT_BYTES_PER_INVOCATION} bytes per invocation]`;
}

/** Splits raw output into log events (one per line, lines may span chunks), within the caps. */
export class OutputCapture {
  private events: LogEvent[] = [];
  private partial: string[] = [];
  private partialLength = 0;
  private size = 0;
  private droppedLines = 0;
  private droppedChars = 0;

  write(chunk: string, timestamp: number): void {
    let start = 0;
    while (start < chunk.length) {
      if (this.full) {
        this.drop(chunk, start);
        return;
      }
      const newline = chunk.indexOf('\n', start);
      const end = newline < 0 ? chunk.length : newline;
      // A line longer than an event is kept only up to the event size.
      if (this.partialLength < MAX_EVENT_BYTES) {
        const piece = chunk.slice(start, Math.min(end, start + MAX_EVENT_BYTES - this.partialLength + 1));
        this.partial.push(piece);
        this.partialLength += piece.length;
      }
      if (newline < 0) return;
      this.endLine(timestamp);
      start = newline + 1;
    }
  }

  /** The events so far (the unfinished line too, and the notice of what was dropped); then starts over. */
  take(timestamp: number): LogEvent[] {
    if (this.partialLength > 0) this.endLine(timestamp);
    const events = this.events;
    if (this.droppedLines > 0 || this.droppedChars > 0) events.push({ timestamp, message: droppedNotice(this.droppedLines, this.droppedChars) });
    this.events = [];
    this.size = 0;
    this.droppedLines = 0;
    this.droppedChars = 0;
    return events;
  }

  private get full(): boolean {
    return this.events.length >= MAX_EVENTS_PER_INVOCATION || this.size >= MAX_OUTPUT_BYTES_PER_INVOCATION;
  }

  private endLine(timestamp: number) {
    const line = this.partial.length === 1 ? this.partial[0]! : this.partial.join('');
    this.partial = [];
    this.partialLength = 0;
    if (!line) return;
    const message = capMessage(line);
    this.events.push({ timestamp, message });
    this.size += message.length;
  }

  private drop(chunk: string, start: number) {
    let lines = 0;
    for (let at = chunk.indexOf('\n', start); at >= 0; at = chunk.indexOf('\n', at + 1)) lines++;
    this.droppedLines += lines;
    this.droppedChars += chunk.length - start;
    this.partial = [];
    this.partialLength = 0;
  }
}
