import { EntityManager } from 'typeorm';
import { Clock } from '@vigil/shared';
import { Database } from './data-source';
import { TopicName, VigilPubSub, toJsonPayload } from '../pubsub/pubsub';
import { retryTransient } from './transient';

/** Attempts of one change undone by a deadlock or a lock wait timeout. */
const TRANSIENT_ATTEMPTS = 4;

type AfterCommit = () => void | Promise<void>;

/**
 * One change: its transaction, and what it tells the world once that transaction has committed. Work inside the
 * change writes through `manager` and announces through `publish`/`afterCommit`; nothing announced leaves before
 * the commit, and nothing leaves at all when the transaction rolls back.
 */
export class UnitOfWork {
  private readonly messages: Array<{ topic: TopicName; payload: object }> = [];
  private readonly after: AfterCommit[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly now: Date,
  ) {}

  /**
   * Queues a pub/sub message for after commit. The value is turned into JSON (what another replica would receive)
   * when it is sent, so an entity queued early goes out in its state at commit.
   */
  publish(topic: TopicName, payload: object): void {
    this.messages.push({ topic, payload });
  }

  /** Queues work for after commit and after the messages: waking a sender, a debounced recount. */
  afterCommit(work: AfterCommit): void {
    this.after.push(work);
  }

  /** @internal Units.run calls this once the transaction has committed. */
  async flush(pubSub: VigilPubSub): Promise<void> {
    for (const { topic, payload } of this.messages) pubSub.publish(topic, toJsonPayload(payload));
    for (const work of this.after) await work();
  }
}

/**
 * Runs changes as units of work: begin → the change (and the reactions it triggers, in the same transaction) →
 * commit → publish → after-commit work. Publishing happens here, by construction: no caller can forget it or do it
 * before the commit.
 */
export class Units {
  constructor(
    private readonly db: Database,
    private readonly pubSub: VigilPubSub,
    private readonly clock: Clock,
  ) {}

  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    // MariaDB undoes a whole transaction it picks as a deadlock's victim (an acknowledgement and two escalation
    // engines inserting pages at once) or after a lock wait timeout: the change is done again, from the start. Each
    // attempt gets a fresh unit, so only the committed attempt's messages leave. Work is database-only until the
    // commit (what it announces waits in the unit), so doing it again sends nothing twice.
    let unit: UnitOfWork | null = null;
    const result = await retryTransient(
      () =>
        this.db.transaction((m) => {
          unit = new UnitOfWork(m, this.clock.now());
          return work(unit);
        }),
      TRANSIENT_ATTEMPTS,
    );
    await (unit as UnitOfWork | null)?.flush(this.pubSub);
    return result;
  }
}
