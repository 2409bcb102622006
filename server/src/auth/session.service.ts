import { IsNull } from 'typeorm';
import { Actor, Clock, DomainError, ErrorCode, SessionPolicy, sessionState } from '@vigil/shared';
import { Database } from '../db/data-source';
import { Session } from '../model/auth.entity';
import type { Credential } from '../access/credential';

/** A person's signed-in browsers: listed for them, ended by them or by an admin. */
export class SessionService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    /** AuthService's revocation: forgets reused checks and closes the credentials' WebSockets on every replica. */
    private readonly revoke: (credentials: Array<Pick<Credential, 'type' | 'id'>>) => Promise<void>,
  ) {}

  /** The person's sessions that still sign in now, newest first. */
  async active(userId: number): Promise<Session[]> {
    const rows = await this.db.dataSource
      .getRepository(Session)
      .find({ where: { userId, revokedAt: IsNull() }, order: { id: 'DESC' } });
    const now = this.clock.now();
    return rows.filter((s) => sessionState(s, now, this.policy) === 'ACTIVE');
  }

  /** Ends a session: its owner or an admin may (anyone else is told it does not exist). Ending it twice is fine. */
  async end(id: number, actor: Actor): Promise<void> {
    const session = await this.db.dataSource.getRepository(Session).findOneBy({ id });
    if (!session || (session.userId !== actor.userId && actor.role !== 'ADMIN')) {
      throw new DomainError(ErrorCode.NOT_FOUND, `No session with id ${id} that you may end.`, 'id');
    }
    if (!session.revokedAt) await this.revoke([{ type: 'session', id }]);
  }

  /** Ends every session of the person but `keep` (a password change: the browser that made it stays signed in). */
  async endOthers(userId: number, keep: Credential | null): Promise<void> {
    const sessions = await this.db.dataSource.getRepository(Session).find({ where: { userId, revokedAt: IsNull() } });
    const keepId = keep?.type === 'session' ? keep.id : null;
    await this.revoke(sessions.filter((s) => s.id !== keepId).map((s) => ({ type: 'session' as const, id: s.id })));
  }
}
