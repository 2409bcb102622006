import crypto from 'node:crypto';
import { Clock, validationError } from '@vigil/shared';
import { Database } from '../db/data-source';
import { isDuplicateKey } from '../db/duplicate-key';
import { AuditEntry } from '../model/auth.entity';
import { limitedAddress } from '../access/rate-limiter';

const SECRET_KEY = /pass|token|secret|key|authorization|cookie/i;

/**
 * Arguments that are secrets by what the mutation does with them, though their names do not say so: a verification
 * code (kept only as an HMAC), a team's Teams webhook URL (write-only: `Team.teamsWebhookConfigured`), and a browser's
 * push subscription (its endpoint is a capability URL, `auth` its shared secret).
 */
const SECRET_ARGS: Readonly<Record<string, readonly string[]>> = {
  verifyContactMethod: ['code'],
  setTeamTeamsWebhook: ['url'],
  subscribePush: ['auth', 'endpoint'],
};

/** The mutation's secret arguments replaced by `[redacted]` (the rest go through sanitizeArgs). */
function withoutSecretArgs(action: string, args: unknown): unknown {
  const secret = SECRET_ARGS[action];
  if (!secret || !args || typeof args !== 'object' || Array.isArray(args)) return args;
  const out: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  for (const k of secret) if (k in out && out[k] !== null) out[k] = '[redacted]';
  return out;
}

/** Arguments as they are safe to keep: secrets masked, long strings cut, depth bounded. */
function sanitizeArgs(value: unknown, depth = 0): unknown {
  if (depth > 4) return '…';
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  // A Date has no own enumerable properties: walked like a plain object it would be kept as {}.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => sanitizeArgs(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : sanitizeArgs(v, depth + 1);
    return out;
  }
  return value;
}

export interface AuditFilter {
  actorId?: number | null;
  action?: string | null;
  since?: Date | null;
}

/** Attempts counted in memory are added to their rows at least this often (and before the log is read). */
const FLUSH_EVERY_MS = 2000;
/** More distinct refusals than this waiting in memory: added to their rows at once. */
const MAX_PENDING = 5000;

type Entry = Omit<AuditEntry, 'id' | 'at' | 'args' | 'count' | 'aggregateKey'> & { args: unknown };

/**
 * One row per minute for identical refusals: the minute, address, mutation, outcome and caller, hashed. The address
 * as the rate limiter counts it (an IPv6 /64), or a caller rotating through their 2^64 addresses would get a row each.
 */
function aggregateKey(
  minute: number,
  e: Pick<Entry, 'ip' | 'action' | 'outcome' | 'actorKind' | 'actorId' | 'actorName'>,
): string {
  const parts = [
    new Date(minute).toISOString(),
    limitedAddress(e.ip),
    e.action,
    e.outcome,
    e.actorKind,
    e.actorId ?? e.actorName,
  ];
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * The audit log: every mutation attempt by a person or token, allowed or refused. An allowed one is its own row. A
 * refusal is one row per minute per (address, mutation, outcome, caller) with a count: the first is written at once,
 * the repeats are counted in memory and added to that row every two seconds (the row's unique key makes replicas add
 * to the same row), so a flood of refusals costs a handful of rows, not one per attempt.
 */
export class AuditService {
  /** Rows of refusals known to exist, by key → their minute; forgotten when the minute is over. */
  private readonly written = new Map<string, number>();
  /** Repeats not yet added to their row, by key. */
  private readonly pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async record(entry: Entry): Promise<void> {
    const at = this.clock.now();
    const repo = this.db.dataSource.getRepository(AuditEntry);
    const row = {
      ...entry,
      args: sanitizeArgs(withoutSecretArgs(entry.action, entry.args)) as Record<string, unknown>,
      at,
    };
    if (entry.outcome === 'OK') {
      await repo.save(repo.create({ ...row, count: 1, aggregateKey: null }));
      return;
    }
    const minute = Math.floor(at.getTime() / 60_000) * 60_000;
    const key = aggregateKey(minute, entry);
    if (this.written.has(key)) {
      this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
      if (this.pending.size >= MAX_PENDING) await this.flush();
      else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), FLUSH_EVERY_MS).unref();
      return;
    }
    for (const [k, m] of this.written) if (m < minute) this.written.delete(k);
    try {
      await repo.save(repo.create({ ...row, count: 1, aggregateKey: key }));
    } catch (e) {
      // Another replica (or a concurrent request here) wrote this minute's row first: add to it.
      if (!isDuplicateKey(e)) throw e;
      await repo.increment({ aggregateKey: key }, 'count', 1);
    }
    this.written.set(key, minute);
  }

  /** Adds the repeats counted in memory to their rows. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    const repo = this.db.dataSource.getRepository(AuditEntry);
    // A failed batch (the database away) loses its counts, never the batches after it.
    this.flushing = this.flushing
      .catch(() => undefined)
      .then(async () => {
        for (const [key, n] of batch) await repo.increment({ aggregateKey: key }, 'count', n);
      });
    return this.flushing;
  }

  /** Newest first; at most 500 a page. */
  async list(filter: AuditFilter, first: number, beforeId?: number | null): Promise<AuditEntry[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw validationError('first', 'first must be from 1 to 500.');
    await this.flush().catch(() => undefined);
    const qb = this.db.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.actorId) qb.andWhere('a.actorId = :actorId', { actorId: filter.actorId });
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.since) qb.andWhere('a.at >= :since', { since: filter.since });
    if (beforeId) qb.andWhere('a.id < :beforeId', { beforeId });
    return qb.orderBy('a.id', 'DESC').take(first).getMany();
  }
}
