// AbortSignal plumbing: one real listener per signal however many lookups share it (no MaxListeners warnings).
type Callback = () => void;

const registry = new WeakMap<AbortSignal, { set: Set<Callback>; listener: () => void }>();

/**
 * Calls `callback` once when `signal` aborts (at once, on a later tick, if it already has).
 * Returns a function that unregisters it; call it when the work ends.
 */
export function onAbort(signal: AbortSignal | undefined, callback: Callback): () => void {
  if (signal === undefined) return () => {};
  if (signal.aborted) {
    let cancelled = false;
    queueMicrotask(() => {
      if (!cancelled) callback();
    });
    return () => {
      cancelled = true;
    };
  }
  let entry = registry.get(signal);
  if (entry === undefined) {
    const set = new Set<Callback>();
    const listener = (): void => {
      registry.delete(signal);
      for (const cb of [...set]) cb();
    };
    entry = { set, listener };
    registry.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { set, listener } = entry;
  set.add(callback);
  return () => {
    set.delete(callback);
    // The last one out removes the listener: a signal that outlives the work must not keep it reachable.
    if (set.size === 0 && registry.get(signal)?.set === set) {
      registry.delete(signal);
      signal.removeEventListener('abort', listener);
    }
  };
}
