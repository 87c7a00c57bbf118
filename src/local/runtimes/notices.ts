// One-time notices of a runtime host (a fallback, a version mismatch): said once per local
// cloud process, not on every worker start.
export class Notices {
  private readonly said = new Set<string>();

  constructor(private readonly sink: (line: string) => void) {}

  once(key: string, line: string): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    this.sink(line);
  }

  /** Progress lines: always shown. */
  say(line: string): void {
    this.sink(line);
  }
}
