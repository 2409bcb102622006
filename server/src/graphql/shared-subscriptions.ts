import { ExecutionArgs, ExecutionResult, print, subscribe } from 'graphql';
import { credentialKey } from '../access/credential';
import { Context } from './context';

type Result = ExecutionResult;

/** Where a WebSocket subscriber's events go: its graphql-ws subscription id and a way to write to its socket. */
interface Delivery {
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
    readonly delivery: Delivery | undefined,
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
 * Subscribers asking the same thing (same document, variables and credential) share one execution: each event runs
 * the selection set once and the result is handed to all of them, instead of once per subscriber. A thousand wall
 * screens on one wall token then cost one execution per event, not a thousand; different people never share one. WebSocket subscribers also share one serialisation:
 * the result is formatted (`format`: the same error mapping as HTTP) and turned into JSON once per event, and only
 * the short `{"id":…` envelope is built per socket.
 */
export function createSharedSubscriptions(format: (result: Result) => unknown = (r) => r) {
  type Hub = { members: Set<Member>; source: AsyncIterator<Result> };
  const hubs = new Map<string, Hub>();
  const printed = new WeakMap<object, string>();

  const keyOf = (args: ExecutionArgs): string => {
    let doc = printed.get(args.document);
    if (doc === undefined) {
      doc = print(args.document);
      printed.set(args.document, doc);
    }
    // Callers share a stream only when every resolver would compute the same for them. Some fields decide per person
    // (Notification.address, User.contactMethods/notificationRules/notifications read ctx.actor.userId) and some per
    // credential (the current session, a wall token), so the view is the credential itself (one wall token on many
    // screens, one session in many tabs, one personal token in many scripts) plus the person, role, credential kind
    // and team scope its context carries now: a role changed since another socket signed in with the same
    // credential must not see through that socket's older context either.
    const context = args.contextValue as Context | undefined;
    const credential = context?.credential ? credentialKey(context.credential) : 'anonymous';
    const view = [
      credential,
      context?.actor.userId ?? '',
      context?.actor.role ?? '',
      context?.credential?.kind ?? '',
      context?.teamScope?.join(',') ?? '*',
    ].join('/');
    return `${view}\n${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${doc}`;
  };

  function startHub(key: string, source: AsyncIterator<Result>): Hub {
    const members = new Set<Member>();
    const created = { members, source };
    hubs.set(key, created);
    // The first next() runs synchronously down to the pub/sub listener (Repeater executors start on it), so a
    // member of a hub hears every event published after it joined: what `isSubscribed` reports.
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
    return created;
  }

  async function sharedSubscribe(args: SharedExecutionArgs): Promise<AsyncIterableIterator<Result> | Result> {
    const key = keyOf(args);
    let hub = hubs.get(key);
    if (!hub) {
      const source = await subscribe(args);
      if (!(Symbol.asyncIterator in source)) return source; // an error result: nothing to share
      // Another subscriber with the same key may have made the hub meanwhile: join it. (A second hub would replace it
      // in the map, leaving the first one's members unseen and its stream never returned, its listener leaked.)
      hub = hubs.get(key);
      if (hub) void (source as AsyncIterator<Result>).return?.();
      else hub = startHub(key, source as AsyncIterator<Result>);
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

  /** Whether the WebSocket operation `id` is a member of a stream, i.e. hears every event published from now on. */
  const isSubscribed = (id: string): boolean => {
    for (const hub of hubs.values()) for (const m of hub.members) if (m.delivery?.id === id) return true;
    return false;
  };

  /** Subscriptions open now (members of every stream), for the metrics scrape. */
  const subscriptions = (): number => {
    let count = 0;
    for (const hub of hubs.values()) count += hub.members.size;
    return count;
  };

  return { subscribe: sharedSubscribe, activeStreams: () => hubs.size, subscriptions, isSubscribed };
}
