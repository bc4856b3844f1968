import type { KernelEventName, KernelEvents } from './api';

/** Listener of one kernel event. */
export type Listener<K extends KernelEventName> = (data: KernelEvents[K]) => void;

/**
 * Typed, synchronous event bus: `emit` calls listeners in subscription order before it returns.
 * `has` lets hot paths skip building a payload nobody listens to.
 */
export class EventBus {
  private readonly listeners: { [K in KernelEventName]?: Listener<K>[] } = {};

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends KernelEventName>(name: K, fn: Listener<K>): () => void {
    const list = (this.listeners[name] ??= []) as Listener<K>[];
    list.push(fn);
    return () => {
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** True when someone listens to `name`. */
  has(name: KernelEventName): boolean {
    return (this.listeners[name]?.length ?? 0) > 0;
  }

  /** Delivers `data` to every listener of `name`. */
  emit<K extends KernelEventName>(name: K, data: KernelEvents[K]): void {
    const list = this.listeners[name] as Listener<K>[] | undefined;
    if (list) for (const fn of [...list]) fn(data);
  }
}
