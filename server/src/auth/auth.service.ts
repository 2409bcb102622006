import { In, IsNull } from 'typeorm';
import {
  Actor,
  Clock,
  DomainError,
  ErrorCode,
  RateLimits,
  Role,
  SessionPolicy,
  assertAcceptablePassword,
  requireText,
  sessionState,
  tokenState,
  validationError,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Topic, VigilPubSub } from '../pubsub/pubsub';
import { Team, User } from '../model/user.entity';
import { ApiToken, ApiTokenKind, Session } from '../model/auth.entity';
import { PasswordStrength } from './password-strength';
import { RateLimiter } from '../access/rate-limiter';
import { RecentChecks } from './recent-checks';
import { SessionService } from './session.service';
import { SignInGuard } from './sign-in-guard';
import { Authentication, Credential, SESSION_COOKIE, credentialKey } from '../access/credential';
import { checkPassword, hashPassword, hashSecret, newPassword, newSecret } from './secrets';

const LAST_USED_WRITE_EVERY_MS = 60_000;

const ANONYMOUS: Actor = { kind: 'ANONYMOUS', name: 'anonymous', userId: null, role: 'VIEWER' };

/** Reads `Bearer x` or a bare token. */
function bearer(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(value);
  return m ? m[1] : null;
}

function readCookie(header: unknown, name: string): string | null {
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    // A cookie that is not valid percent-encoding is no credential: treated like a stale one (cleared), never a 500.
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return '';
    }
  }
  return null;
}

/** Sign-in, sessions and API tokens. Secrets are random, shown once, and stored only as hashes. */
export class AuthService {
  readonly limiter: RateLimiter;
  private readonly signIns: SignInGuard;
  /** Listing and ending a person's sessions. */
  readonly sessions: SessionService;
  private readonly lastUsedWritten = new Map<string, number>();
  private readonly recentChecks: RecentChecks;
  /** zxcvbn's estimate, for every password a person or an admin sets. */
  readonly passwordStrength = new PasswordStrength();

  constructor(
    private readonly db: Database,
    private readonly pubSub: VigilPubSub,
    private readonly clock: Clock,
    private readonly sessionPolicy: SessionPolicy,
    readonly limits: RateLimits,
    /** config.auth.credentialReuseMs: revocation forgets reused checks at once (recent-checks.ts). */
    credentialReuseMs: number,
    /** The rate limiter: in Redis when the deployment has one (limits hold across replicas), else in memory. */
    limiter: RateLimiter,
  ) {
    this.limiter = limiter;
    this.signIns = new SignInGuard(clock, this.limiter, limits);
    this.recentChecks = new RecentChecks(credentialReuseMs);
    this.sessions = new SessionService(db, clock, sessionPolicy, (credentials) => this.revoke(credentials));
  }

  /**
   * On an empty database: creates the first admin with a one-time password (returned, to print once) and, when
   * given, an admin API token with the bootstrap value. Does nothing when users exist.
   */
  async bootstrap(
    adminEmail: string,
    bootstrapToken: string | null,
    givenPassword: string | null = null,
  ): Promise<{ email: string; password: string | null } | null> {
    const users = this.db.dataSource.getRepository(User);
    if ((await users.count()) > 0) return null;
    const password = givenPassword ?? newPassword();
    const now = this.clock.now();
    try {
      await this.createFirstAdmin(adminEmail, password, bootstrapToken, now);
    } catch (e) {
      // Replicas starting together race to create the first admin: the loser finds it made by the winner.
      if ((await users.count()) > 0) return null;
      throw e;
    }
    // A password the operator gave is theirs already: never printed.
    return { email: adminEmail, password: givenPassword === null ? password : null };
  }

  private async createFirstAdmin(
    adminEmail: string,
    password: string,
    bootstrapToken: string | null,
    now: Date,
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      const admin = await m.save(
        m.create(User, {
          name: 'Administrator',
          email: adminEmail,
          timeZone: 'UTC',
          role: 'ADMIN',
          active: true,
          passwordHash: await hashPassword(password),
          slackUserId: null,
          createdAt: now,
        }),
      );
      if (bootstrapToken) {
        await m.save(
          m.create(ApiToken, {
            userId: admin.id,
            kind: 'BOOTSTRAP',
            name: 'VIGIL_BOOTSTRAP_TOKEN',
            tokenHash: hashSecret(bootstrapToken),
            prefix: bootstrapToken.slice(0, 12),
            createdAt: now,
            lastUsedAt: null,
            expiresAt: null,
            revokedAt: null,
          }),
        );
      }
    });
  }

  /**
   * Demo mode only: gives the admin a fresh random password and a wall token, so the demo can print how to get
   * in (nothing ships with a fixed password, not even the demo).
   */
  async demoAccess(adminEmail: string): Promise<{ email: string; password: string; wallToken: string }> {
    const admin = await this.db.dataSource.getRepository(User).findOneByOrFail({ email: adminEmail });
    const password = newPassword();
    await this.db.dataSource
      .getRepository(User)
      .update({ id: admin.id }, { passwordHash: await hashPassword(password) });
    const { secret } = await this.createToken(admin.id, 'WALL', 'demo wall', 1);
    return { email: adminEmail, password, wallToken: secret };
  }

  /**
   * Who is calling: a bearer token wins over the session cookie; neither means anonymous. A token that is not valid
   * is refused (null). A session cookie that is not valid makes the caller anonymous, marked `staleSession`: the
   * browser sent it on its own, and refusing it would refuse the sign-in form too, until the person cleared cookies.
   */
  async authenticate(authorization: unknown, cookieHeader: unknown): Promise<Authentication | null> {
    const token = bearer(authorization);
    if (token) return this.byToken(token);
    const session = readCookie(cookieHeader, SESSION_COOKIE);
    if (session !== null)
      return (await this.bySession(session)) ?? { actor: ANONYMOUS, credential: null, staleSession: true };
    return { actor: ANONYMOUS, credential: null };
  }

  /** A check that passed moments ago, re-checked against the clock; each caller gets its own copy. */
  private async reused(key: string): Promise<Authentication | null | undefined> {
    const now = this.clock.now();
    const hit = this.recentChecks.reuse(key, now);
    if (!hit) return undefined;
    await this.touch(hit.table, hit.id, now);
    return { actor: { ...hit.auth.actor }, credential: hit.auth.credential && { ...hit.auth.credential } };
  }

  /** null means: a credential was presented and it is not valid (unknown, revoked, expired, user inactive). */
  private async byToken(secret: string): Promise<Authentication | null> {
    const hash = hashSecret(secret);
    const reused = await this.reused(`token:${hash}`);
    if (reused !== undefined) return reused;
    const generation = this.recentChecks.begin();
    // find, not findOne: with a relation, findOne's LIMIT 1 costs TypeORM an extra query; the hash is unique.
    const [token] = await this.db.dataSource
      .getRepository(ApiToken)
      .find({ where: { tokenHash: hash }, relations: { user: true } });
    const now = this.clock.now();
    if (!token?.user?.active || tokenState(token, now) !== 'ACTIVE') return null;
    await this.touch('api_token', token.id, now);
    // A wall token can only read, whatever its owner may do.
    const role: Role = token.kind === 'WALL' ? 'VIEWER' : token.user.role;
    const credential: Credential = {
      type: 'token',
      id: token.id,
      kind: token.kind === 'WALL' ? 'WALL_TOKEN' : 'PERSONAL_TOKEN',
      teamId: token.kind === 'WALL' ? token.teamId : null,
    };
    const auth: Authentication = {
      actor: { kind: 'TOKEN', name: `${token.user.name} (${token.name})`, userId: token.userId, role },
      credential,
    };
    this.recentChecks.remember(`token:${hash}`, generation, {
      auth,
      table: 'api_token',
      id: token.id,
      stillActive: (at) => tokenState(token, at) === 'ACTIVE',
    });
    return { actor: { ...auth.actor }, credential: { ...credential } };
  }

  private async bySession(secret: string): Promise<Authentication | null> {
    const hash = hashSecret(secret);
    const reused = await this.reused(`session:${hash}`);
    if (reused !== undefined) return reused;
    const generation = this.recentChecks.begin();
    const [session] = await this.db.dataSource
      .getRepository(Session)
      .find({ where: { tokenHash: hash }, relations: { user: true } });
    const now = this.clock.now();
    if (!session?.user?.active || sessionState(session, now, this.sessionPolicy) !== 'ACTIVE') return null;
    await this.touch('session', session.id, now);
    const credential: Credential = { type: 'session', id: session.id, kind: 'SESSION', teamId: null };
    const auth: Authentication = {
      actor: { kind: 'USER', name: session.user.name, userId: session.userId, role: session.user.role },
      credential,
    };
    this.recentChecks.remember(`session:${hash}`, generation, {
      auth,
      table: 'session',
      id: session.id,
      stillActive: (at) => sessionState(session, at, this.sessionPolicy) === 'ACTIVE',
    });
    return { actor: { ...auth.actor }, credential: { ...credential } };
  }

  /**
   * Which of these credentials are still good (not revoked, expired or idle, and their person still active), read
   * from the database now, for live connections. It touches nothing: a socket that only listens must not keep its
   * session from idling out.
   */
  async stillValid(credentials: readonly Credential[]): Promise<Set<string>> {
    const now = this.clock.now();
    const valid = new Set<string>();
    const ids = (type: Credential['type']) => [...new Set(credentials.filter((c) => c.type === type).map((c) => c.id))];
    const tokenIds = ids('token');
    const sessionIds = ids('session');
    if (tokenIds.length) {
      const tokens = await this.db.dataSource
        .getRepository(ApiToken)
        .find({ where: { id: In(tokenIds) }, relations: { user: true } });
      for (const t of tokens)
        if (t.user?.active && tokenState(t, now) === 'ACTIVE') valid.add(credentialKey({ type: 'token', id: t.id }));
    }
    if (sessionIds.length) {
      const sessions = await this.db.dataSource
        .getRepository(Session)
        .find({ where: { id: In(sessionIds) }, relations: { user: true } });
      for (const s of sessions) {
        if (s.user?.active && sessionState(s, now, this.sessionPolicy) === 'ACTIVE')
          valid.add(credentialKey({ type: 'session', id: s.id }));
      }
    }
    return valid;
  }

  /** A credential was revoked on another replica (pub/sub): checks made here before it may not be reused. */
  forgetRecentChecks(): void {
    this.recentChecks.forgetAll();
  }

  /** Last-used times are written at most once a minute per credential: not a write per request. */
  private async touch(table: 'api_token' | 'session', id: number, now: Date): Promise<void> {
    const key = `${table}:${id}`;
    const last = this.lastUsedWritten.get(key) ?? 0;
    if (now.getTime() - last < LAST_USED_WRITE_EVERY_MS) return;
    this.lastUsedWritten.set(key, now.getTime());
    if (table === 'api_token') await this.db.dataSource.getRepository(ApiToken).update({ id }, { lastUsedAt: now });
    else await this.db.dataSource.getRepository(Session).update({ id }, { lastSeenAt: now });
  }

  /** Email + password → a new session secret for the cookie. Limited and slowed down per address and per (account, address). */
  async login(emailInput: string, password: string, ip: string | null): Promise<{ user: User; secret: string }> {
    const email = requireText('email', emailInput, 3, 320).toLowerCase();
    if (typeof password !== 'string' || password.length === 0)
      throw validationError('password', 'password must not be empty.');
    await this.signIns.admit(email, ip);
    const user = await this.db.dataSource.getRepository(User).findOne({ where: { email } });
    const check = await checkPassword(password, user?.passwordHash ?? null);
    if (!user || !check.ok || !user.active) {
      this.signIns.failed(email, ip);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong email or password.', 'password');
    }
    this.signIns.succeeded(email, ip);
    if (check.rehash) await this.upgradeHash(user, password);
    const secret = newSecret('session');
    const now = this.clock.now();
    await this.db.dataSource
      .getRepository(Session)
      .insert({ userId: user.id, tokenHash: hashSecret(secret), createdAt: now, lastSeenAt: now, revokedAt: null, ip });
    return { user, secret };
  }

  async logout(credential: Credential | null): Promise<void> {
    if (credential?.type !== 'session') return;
    await this.revoke([credential]);
  }

  /**
   * A bcrypt (or older argon2) hash is replaced by today's argon2id the first time its password is given right. The
   * update is conditional on the old hash, so a password changed meanwhile is never overwritten.
   */
  private async upgradeHash(user: User, password: string): Promise<void> {
    await this.db.dataSource
      .getRepository(User)
      .update({ id: user.id, passwordHash: user.passwordHash! }, { passwordHash: await hashPassword(password) });
  }

  /** Needs the current password. Every other session of the person ends (and its WebSockets close); `keep` stays. */
  async changePassword(userId: number, current: string, next: string, keep: Credential | null): Promise<void> {
    const user = await this.db.dataSource.getRepository(User).findOneByOrFail({ id: userId });
    if (!(await checkPassword(current ?? '', user.passwordHash)).ok)
      throw validationError('currentPassword', 'The current password is wrong.');
    assertAcceptablePassword('newPassword', next, user, this.passwordStrength.estimate);
    await this.db.dataSource.getRepository(User).update({ id: userId }, { passwordHash: await hashPassword(next) });
    await this.sessions.endOthers(userId, keep);
  }

  /** Creates a token and returns its secret, which is never retrievable again. A wall token may belong to a team. */
  async createToken(
    userId: number,
    kind: ApiTokenKind,
    nameInput: string,
    expiresInDays?: number | null,
    teamId: number | null = null,
  ): Promise<{ token: ApiToken; secret: string }> {
    const name = requireText('name', nameInput, 1, 100);
    if (
      expiresInDays !== null &&
      expiresInDays !== undefined &&
      (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 3650)
    ) {
      throw validationError('expiresInDays', 'expiresInDays must be a whole number from 1 to 3650.');
    }
    if (teamId !== null && !(await this.db.dataSource.getRepository(Team).existsBy({ id: teamId }))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `No team with id ${teamId}.`, 'teamId');
    }
    const secret = newSecret(kind.toLowerCase());
    const now = this.clock.now();
    const repo = this.db.dataSource.getRepository(ApiToken);
    const token = await repo.save(
      repo.create({
        userId,
        kind,
        name,
        tokenHash: hashSecret(secret),
        prefix: secret.slice(0, 12),
        createdAt: now,
        lastUsedAt: null,
        expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null,
        revokedAt: null,
        teamId,
      }),
    );
    return { token, secret };
  }

  /** The token behind a credential (null for a session or anonymous). */
  currentToken(credential: Credential | null): Promise<ApiToken | null> {
    return credential?.type === 'token'
      ? this.db.dataSource.getRepository(ApiToken).findOneBy({ id: credential.id })
      : Promise.resolve(null);
  }

  listTokens(userId: number): Promise<ApiToken[]> {
    return this.db.dataSource
      .getRepository(ApiToken)
      .find({ where: { userId, revokedAt: IsNull() }, order: { id: 'DESC' } });
  }

  /** Revokes a token: its owner or an admin may. Live WebSocket connections using it are closed. */
  async revokeToken(id: number, actor: Actor): Promise<ApiToken> {
    const repo = this.db.dataSource.getRepository(ApiToken);
    const token = await repo.findOneBy({ id });
    if (!token || (token.userId !== actor.userId && actor.role !== 'ADMIN')) {
      throw new DomainError(ErrorCode.NOT_FOUND, `No token with id ${id} that you may revoke.`, 'id');
    }
    if (!token.revokedAt) {
      token.revokedAt = this.clock.now();
      await this.revoke([{ type: 'token', id }]);
    }
    return token;
  }

  /** Revokes every credential of a user (deactivation, role change). */
  async revokeAllFor(userId: number): Promise<void> {
    const tokens = await this.db.dataSource.getRepository(ApiToken).find({ where: { userId, revokedAt: IsNull() } });
    const sessions = await this.db.dataSource.getRepository(Session).find({ where: { userId, revokedAt: IsNull() } });
    await this.revoke([
      ...tokens.map((t) => ({ type: 'token' as const, id: t.id })),
      ...sessions.map((s) => ({ type: 'session' as const, id: s.id })),
    ]);
  }

  private async revoke(credentials: Array<Pick<Credential, 'type' | 'id'>>): Promise<void> {
    const now = this.clock.now();
    for (const c of credentials) {
      if (c.type === 'token') await this.db.dataSource.getRepository(ApiToken).update({ id: c.id }, { revokedAt: now });
      else await this.db.dataSource.getRepository(Session).update({ id: c.id }, { revokedAt: now });
      // After the write, before anyone hears back: no check made before it may be reused on this replica.
      this.recentChecks.forgetAll();
      // Every replica closes the sockets this credential opened.
      this.pubSub.publish(Topic.CREDENTIAL_REVOKED, { type: c.type, id: c.id });
    }
  }
}
