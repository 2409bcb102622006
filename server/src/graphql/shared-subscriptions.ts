import { ExecutionArgs, ExecutionResult, print, subscribe } from 'graphql';
import { Context } from './context';

type Result = ExecutionResult;

/** Where a WebSocket subscriber's events go: its graphql-ws subscription id and a way to write to its socket. */
export interface Delivery {
  id: string;
  send(message: string): void;
}

/** Set by the WebSocket server on the execution args of a subscription it wants written straight to the socket. */
export const DELIVERY = Symbol('vigil.delivery');

export type SharedExecutionArgs = ExecutionArgs & { [DELIVERY]?: Delivery };

/**
 * One subscriber's view of a shared stream. With a Delivery, each event is written to the socket as the hub sends
 * it, already serialised, and `next()` only settles when the stream ends (graphql-ws then sends `complete`).
 * Without one, events queue for the consumer to drain at its own pace.
 */
class Member implements AsyncIterableIterator<Result> {
  private readonly queue: Result[] = [];
  private waiting: ((r: IteratorResult<Result>) => void) | null = null;
  private done = false;
  /** `{"id":…,"type":"next","payload":` — graphql-ws's own key order, so the bytes are what it would have sent. */
  private readonly prefix: string | null;

  constructor(
    private readonly leave: (m: Member) => void,
    private readonly delivery: Delivery | undefined,
  ) {
    this.prefix = delivery ? `{"id":${JSON.stringify(delivery.id)},"type":"next","payload":` : null;
  }

  /** `json` is the event's payload serialised once for every direct member; `result` is for queued ones. */
  push(result: Result, json: () => string): void {
    if (this.done) return;
    if (this.prefix !== null) {
      this.delivery!.send(`${this.prefix}${json()}}`);
      return;
    }
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: result, done: false });
    } else this.queue.push(result);
  }

  end(): void {
    this.done = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
  }

  next(): Promise<IteratorResult<Result>> {
    const value = this.queue.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<Result>> {
    this.end();
    this.leave(this);
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Subscribers asking the same thing (same document, variables and role) share one execution: each event runs
 * the selection set once and the result is handed to all of them, instead of once per subscriber. A thousand wall
 * screens then cost one execution per event, not a thousand. WebSocket subscribers also share one serialisation:
 * the result is formatted (`format`: the same error mapping as HTTP) and turned into JSON once per event, and only
 * the short `{"id":…` envelope is built per socket.
 */
export function createSharedSubscriptions(format: (result: Result) => unknown = (r) => r) {
  const hubs = new Map<string, { members: Set<Member>; source: AsyncIterator<Result> }>();
  const printed = new WeakMap<object, string>();

  const keyOf = (args: ExecutionArgs): string => {
    let doc = printed.get(args.document);
    if (doc === undefined) {
      doc = print(args.document);
      printed.set(args.document, doc);
    }
    // Callers share a stream only when they may see the same things: same role, credential kind and team scope.
    const context = args.contextValue as Context | undefined;
    const view = `${context?.actor.role ?? ''}/${context?.credential?.kind ?? ''}/${context?.teamScope?.join(',') ?? '*'}`;
    return `${view}\n${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${doc}`;
  };

  async function sharedSubscribe(args: SharedExecutionArgs): Promise<AsyncIterableIterator<Result> | Result> {
    const key = keyOf(args);
    let hub = hubs.get(key);
    if (!hub) {
      const source = await subscribe(args);
      if (!(Symbol.asyncIterator in source)) return source; // an error result: nothing to share
      const members = new Set<Member>();
      const created = { members, source: source as AsyncIterator<Result> };
      hubs.set(key, created);
      hub = created;
      void (async () => {
        try {
          for (;;) {
            const r = await created.source.next();
            if (r.done) break;
            let json: string | undefined;
            const once = () => (json ??= JSON.stringify(format(r.value)));
            for (const m of members) m.push(r.value, once);
          }
        } finally {
          for (const m of members) m.end();
          if (hubs.get(key) === created) hubs.delete(key);
        }
      })();
    }
    const owner = hub;
    const member = new Member((m) => {
      owner.members.delete(m);
      if (owner.members.size === 0 && hubs.get(key) === owner) {
        hubs.delete(key);
        void owner.source.return?.();
      }
    }, args[DELIVERY]);
    owner.members.add(member);
    return member;
  }

  return { subscribe: sharedSubscribe, activeStreams: () => hubs.size };
}
