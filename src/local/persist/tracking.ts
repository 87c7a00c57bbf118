// Which entries of a state document changed, without the services saying so: the document is
// handed out behind proxies that note, on a write at any depth, the entry it falls in: a member
// of the document (`nextId`, a top-level array) or one member of a top-level object
// (`restApis` + an id). A save then costs the changed entries, not the document.
const SEPARATOR = '\u0000';

export type Entry = string;
export const entryPath = (entry: Entry): string[] => entry.split(SEPARATOR);

type Level = 0 | 1 | 2;
const targets = new WeakMap<object, object>();

let revision = 0;
/** Goes up on every write to any tracked state (and every replayed or rolled-back entry): what a
 *  cache of answers derived from state (an IAM decision) compares to know it still holds. */
export const stateRevision = (): number => revision;

export class ChangeTracker<T extends object> {
  readonly proxy: T;
  /** Entries written since the last take(), each with its text before the first write (in order). */
  private dirty = new Map<Entry, string | undefined>();
  private readonly proxies = new WeakMap<object, { entry: Entry; proxy: object }>();

  constructor(readonly raw: T) {
    this.proxy = this.wrap(raw, 0, '', '') as T;
  }

  get changed(): ReadonlyMap<Entry, string | undefined> {
    return this.dirty;
  }

  take(): Map<Entry, string | undefined> {
    const taken = this.dirty;
    this.dirty = new Map();
    return taken;
  }

  /** The entry's current text; undefined when it is absent. */
  textOf(entry: Entry): string | undefined {
    const value = valueAt(this.raw, entry);
    return value === undefined ? undefined : JSON.stringify(value);
  }

  /** Puts an entry back (replay, rollback), keeping the identity of an object others may hold. */
  restore(entry: Entry, value: unknown): void {
    revision++;
    const [top, key] = entryPath(entry) as [string, string | undefined];
    const root = this.raw as Record<string, unknown>;
    if (key === undefined) return place(root, top, value);
    if (!isPlainObject(root[top])) {
      if (value === undefined) return;
      root[top] = {};
    }
    place(root[top] as Record<string, unknown>, key, value);
  }

  mark(entry: Entry): void {
    revision++;
    if (this.dirty.has(entry)) return;
    const top = entry.split(SEPARATOR, 1)[0]!;
    if (top !== entry && this.dirty.has(top)) return; // the whole member is saved anyway
    let before: string | undefined;
    try {
      before = this.textOf(entry);
    } catch {
      before = undefined; // it no longer serialised before this write: nothing sound to go back to
    }
    this.dirty.set(entry, before);
  }

  wrap(target: object, level: Level, top: string, entry: Entry): object {
    const cached = this.proxies.get(target);
    if (cached && cached.entry === entry) return cached.proxy;
    const proxy = new Proxy(target, new EntryHandler(this, level, top, entry));
    targets.set(proxy, target);
    this.proxies.set(target, { entry, proxy });
    return proxy;
  }
}

class EntryHandler implements ProxyHandler<object> {
  constructor(private readonly tracker: ChangeTracker<object>, private readonly level: Level, private readonly top: string, private readonly entry: Entry) {}

  get(target: object, prop: string | symbol): unknown {
    const value = Reflect.get(target, prop);
    if (typeof prop === 'symbol' || !isTrackable(value)) return value;
    const raw = targets.get(value) ?? value;
    if (this.level === 0) return this.tracker.wrap(raw, 1, prop, prop);
    return this.tracker.wrap(raw, 2, this.top, this.entryOf(target, prop));
  }

  set(target: object, prop: string | symbol, value: unknown): boolean {
    if (typeof prop !== 'symbol') this.tracker.mark(this.entryOf(target, prop));
    return Reflect.set(target, prop, untrack(value));
  }

  deleteProperty(target: object, prop: string | symbol): boolean {
    if (typeof prop !== 'symbol' && Object.hasOwn(target, prop)) this.tracker.mark(this.entryOf(target, prop));
    return Reflect.deleteProperty(target, prop);
  }

  defineProperty(target: object, prop: string | symbol, descriptor: PropertyDescriptor): boolean {
    if (typeof prop !== 'symbol') this.tracker.mark(this.entryOf(target, prop));
    return Reflect.defineProperty(target, prop, 'value' in descriptor ? { ...descriptor, value: untrack(descriptor.value) } : descriptor);
  }

  /** The entry a write of `prop` on `target` (seen at this level) changes. */
  private entryOf(target: object, prop: string): Entry {
    if (this.level === 0) return prop;
    if (this.level === 1) return Array.isArray(target) ? this.top : `${this.top}${SEPARATOR}${prop}`;
    return this.entry;
  }
}

/** The object behind a tracked proxy (stored values are kept raw). */
export function untrack<V>(value: V): V {
  return (typeof value === 'object' && value !== null ? (targets.get(value) as V | undefined) : undefined) ?? value;
}

/** A deep copy with every tracked proxy replaced by its object: what structuredClone can take. */
export function detached(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const raw = untrack(value);
  if (Array.isArray(raw)) return raw.map(detached);
  if (!isPlainObject(raw)) return raw;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(raw)) copy[key] = detached(member);
  return copy;
}

function valueAt(root: object, entry: Entry): unknown {
  const [top, key] = entryPath(entry) as [string, string | undefined];
  const member = (root as Record<string, unknown>)[top];
  if (key === undefined) return member;
  return typeof member === 'object' && member !== null ? (member as Record<string, unknown>)[key] : undefined;
}

function place(container: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) {
    delete container[key];
    return;
  }
  const current = container[key];
  if (isPlainObject(current) && isPlainObject(value)) {
    for (const name of Object.keys(current)) delete current[name];
    Object.assign(current, value);
  } else {
    container[key] = value;
  }
}

function isTrackable(value: unknown): value is object {
  return typeof value === 'object' && value !== null && (Array.isArray(value) || isPlainObject(targets.get(value) ?? value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
