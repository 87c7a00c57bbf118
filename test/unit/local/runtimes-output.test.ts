// Output capture: lines split across chunks, CloudWatch's 256 KB event size, the per-invocation
// caps (what is dropped is counted in one last line), and work linear in the output's size.
import { describe, expect, it } from 'vitest';
import { capMessage, MAX_EVENT_BYTES, MAX_EVENTS_PER_INVOCATION, OutputCapture } from '../../../src/local/runtimes/log-capture.js';

describe('OutputCapture', () => {
  it('makes one event per line, joining lines split across chunks', () => {
    const capture = new OutputCapture();
    capture.write('first li', 1);
    capture.write('ne\nsecond\n\nthi', 2);
    capture.write('rd', 3);
    expect(capture.take(4)).toEqual([
      { timestamp: 2, message: 'first line' },
      { timestamp: 2, message: 'second' },
      { timestamp: 4, message: 'third' },
    ]);
    expect(capture.take(5)).toEqual([]);
  });

  it('cuts a line at CloudWatch\'s event size, however it arrives', () => {
    const capture = new OutputCapture();
    for (let i = 0; i < 100; i++) capture.write('x'.repeat(10_000), 1);
    capture.write('\nnext\n', 1);
    const [long, next] = capture.take(2);
    expect(Buffer.byteLength(long!.message)).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    expect(long!.message).toMatch(/x \[truncated: 256 KB per log event\]$/);
    expect(next!.message).toBe('next');
    expect(Buffer.byteLength(capMessage('é'.repeat(200_000)))).toBeLessThanOrEqual(MAX_EVENT_BYTES);
  });

  it('keeps the first events of a flood and says how much it dropped, in linear time', () => {
    const capture = new OutputCapture();
    const lines = Array.from({ length: 2_000_000 }, (_, i) => String(i)).join('\n') + '\n';
    const started = performance.now();
    capture.write(lines, 1);
    const events = capture.take(2);
    console.log(`2,000,000 lines captured in ${(performance.now() - started).toFixed(0)} ms`);
    expect(events).toHaveLength(MAX_EVENTS_PER_INVOCATION + 1);
    expect(events[0]!.message).toBe('0');
    expect(events[MAX_EVENTS_PER_INVOCATION - 1]!.message).toBe(String(MAX_EVENTS_PER_INVOCATION - 1));
    expect(events.at(-1)!.message).toBe(`[the local cloud dropped ${2_000_000 - MAX_EVENTS_PER_INVOCATION} more line(s), ${lines.length - lines.indexOf('\n5000\n') - 1} characters, of this invocation's output: it keeps 5000 events and 1048576 bytes per invocation]`);
    // The next invocation starts with an empty budget.
    capture.write('again\n', 3);
    expect(capture.take(4)).toEqual([{ timestamp: 3, message: 'again' }]);
  });
});
