import { Clock, validationError } from '@vigil/shared';
import { Database } from '../db/data-source';
import { AuditEntry } from './auth.entity';

const SECRET_KEY = /pass|token|secret|key|authorization|cookie/i;

/** Arguments as they are safe to keep: secrets masked, long strings cut, depth bounded. */
export function sanitizeArgs(value: unknown, depth = 0): unknown {
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

/** The audit log: every mutation attempt by a person or token, allowed or refused. */
export class AuditService {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  async record(entry: Omit<AuditEntry, 'id' | 'at' | 'args'> & { args: unknown }): Promise<void> {
    const repo = this.db.dataSource.getRepository(AuditEntry);
    await repo.save(repo.create({ ...entry, args: sanitizeArgs(entry.args) as Record<string, unknown>, at: this.clock.now() }));
  }

  /** Newest first; at most 500 a page. */
  async list(filter: AuditFilter, first: number, beforeId?: number | null): Promise<AuditEntry[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw validationError('first', 'first must be from 1 to 500.');
    const qb = this.db.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.actorId) qb.andWhere('a.actorId = :actorId', { actorId: filter.actorId });
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.since) qb.andWhere('a.at >= :since', { since: filter.since });
    if (beforeId) qb.andWhere('a.id < :beforeId', { beforeId });
    return qb.orderBy('a.id', 'DESC').take(first).getMany();
  }
}
