// A clock tests drive by hand: schedules, quotas and propagation delays move forward only when
// the test says so, so nothing in a test sleeps for real.
import type { Clock } from './context.js';

interface Sleeper {
  due: number;
  seq: number;
  resolve: () => void;
}

export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(start: number = Date.UTC(2026, 0, 1, 0, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.sleepers.push({ due: this.current + ms, seq: this.seq++, resolve });
    });
  }

  /** Number of pending sleep() calls (lets a test wait until a loop is parked). */
  get pending(): number {
    return this.sleepers.length;
  }

  /**
   * Moves time forward by ms, waking sleepers in time order. After each wake-up the event loop
   * runs (a macrotask turn), so code that sleeps again inside the window is woken too.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      this.current = Math.max(this.current, next.due);
      next.resolve();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Jumps to an absolute time (never backwards). */
  async advanceTo(epochMs: number): Promise<void> {
    await this.advance(Math.max(0, epochMs - this.current));
  }

  private earliest(): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.sleepers) {
      if (!best || s.due < best.due || (s.due === best.due && s.seq < best.seq)) best = s;
    }
    return best;
  }
}

/** Lets pending promise chains and I/O callbacks run before time moves again. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
