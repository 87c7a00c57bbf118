// structuredClone refuses proxies (DataCloneError), and the services clone parts of their state
// (drafts of a PATCH) that now come through the change-tracking proxies. This makes
// structuredClone take them, as plain data, everywhere in the process, current and future code.
import { detached } from './tracking.js';

const nativeStructuredClone = globalThis.structuredClone;
let installed = false;

export function allowCloningTrackedState(): void {
  if (installed) return;
  installed = true;
  globalThis.structuredClone = function structuredClone<V>(value: V, options?: StructuredSerializeOptions): V {
    try {
      return nativeStructuredClone(value, options);
    } catch (err) {
      if ((err as Error).name !== 'DataCloneError') throw err;
      return nativeStructuredClone(detached(value), options) as V;
    }
  };
}
