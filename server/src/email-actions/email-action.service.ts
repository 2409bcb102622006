import crypto from 'node:crypto';
import {
  ACTION_LINK_TTL_MS,
  ActionLinkAction,
  ActionLinkClaims,
  Clock,
  actionLinkVerdict,
  decodeActionClaims,
  encodeActionClaims,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Incident } from '../model/incident.entity';
import { User } from '../model/user.entity';
import { ServerSecret, UsedActionLink } from '../model/action-link.entity';
import { ChannelActions } from './channel-actions';

const SECRET_NAME = 'action-link';

/** Why a link cannot be used; each becomes a 4xx page. */
export type LinkProblem = 'MALFORMED' | 'TAMPERED' | 'EXPIRED' | 'USED';

export class LinkError extends Error {
  constructor(
    readonly problem: LinkProblem,
    message: string,
  ) {
    super(message);
  }
}

function isDuplicateKey(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = err.driverError?.code ?? err.code;
  return (
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT' ||
    (err.driverError?.errno ?? err.errno) === 1062
  );
}

/** A link that verified: what it may do, on which incident, for whom. */
export interface VerifiedLink {
  claims: ActionLinkClaims;
  user: User;
  incident: Incident;
}

/**
 * Signed one-time links in emails: `base64url(claims).base64url(HMAC-SHA256)` with a server secret (configured, or
 * generated once and kept in the database so every replica agrees); a used-link table with a unique key makes each
 * link work once.
 */
export class EmailActionService {
  private secret: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly configuredSecret: string | null,
  ) {}

  /** Links to acknowledge and escalate an incident as `userId`, valid for an hour. */
  async linksFor(incidentId: number, userId: number): Promise<Record<ActionLinkAction, string>> {
    const tokens = await this.tokensFor(incidentId, userId, 'email');
    return {
      ACKNOWLEDGE: `${this.publicUrl}/api/actions/${tokens.ACKNOWLEDGE}`,
      ESCALATE: `${this.publicUrl}/api/actions/${tokens.ESCALATE}`,
    };
  }

  /**
   * One-time tokens for POST /api/actions/<token>, valid for an hour; `channel` is signed into them, so the timeline
   * says where the person acted from (a push notification's buttons post these).
   */
  async tokensFor(
    incidentId: number,
    userId: number,
    channel: 'email' | 'push',
  ): Promise<Record<ActionLinkAction, string>> {
    const expiresAt = this.clock.now().getTime() + ACTION_LINK_TTL_MS;
    const make = (action: ActionLinkAction) =>
      this.sign({
        action,
        incidentId,
        userId,
        expiresAt,
        nonce: crypto.randomBytes(12).toString('base64url'),
        channel,
      });
    return { ACKNOWLEDGE: await make('ACKNOWLEDGE'), ESCALATE: await make('ESCALATE') };
  }

  /** An HMAC of `text` under the server secret, for one `purpose` (contact verification codes are kept as these). */
  async mac(purpose: string, text: string): Promise<string> {
    return crypto
      .createHmac('sha256', await this.key())
      .update(`${purpose}\n${text}`)
      .digest('base64url');
  }

  /** The token for claims (tests and the email use this). */
  async sign(claims: ActionLinkClaims): Promise<string> {
    const body = Buffer.from(encodeActionClaims(claims)).toString('base64url');
    return `${body}.${crypto
      .createHmac('sha256', await this.key())
      .update(body)
      .digest('base64url')}`;
  }

  /** Checks signature, expiry and prior use, and loads who and what; throws LinkError. Writes nothing. */
  async verify(token: string): Promise<VerifiedLink> {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body + mac))
      throw new LinkError('MALFORMED', 'This is not a Vigil action link.');
    const expected = crypto
      .createHmac('sha256', await this.key())
      .update(body)
      .digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      throw new LinkError('TAMPERED', 'This link was altered or was not made by this Vigil.');
    const claims = decodeActionClaims(Buffer.from(body, 'base64url').toString('utf8'));
    if (!claims) throw new LinkError('MALFORMED', 'This is not a Vigil action link.');
    if (actionLinkVerdict(claims, this.clock.now()) === 'EXPIRED')
      throw new LinkError('EXPIRED', 'This link has expired. Open the incident in Vigil instead.');
    if (await this.db.dataSource.getRepository(UsedActionLink).exists({ where: { linkHash: linkHash(body) } })) {
      throw new LinkError('USED', 'This link was already used; each link works once.');
    }
    const user = await this.db.dataSource.getRepository(User).findOne({ where: { id: claims.userId } });
    const incident = await this.db.dataSource.getRepository(Incident).findOne({ where: { id: claims.incidentId } });
    if (!user || !incident) throw new LinkError('MALFORMED', 'The person or incident of this link no longer exists.');
    return { claims, user, incident };
  }

  /** Uses the link once: claims it (unique key), performs the action; a failed action releases the claim. */
  async use(token: string, actions: ChannelActions): Promise<{ link: VerifiedLink; incident: Incident }> {
    const link = await this.verify(token);
    const hash = linkHash(token.split('.')[0]);
    try {
      await this.db.dataSource.getRepository(UsedActionLink).insert({
        linkHash: hash,
        action: link.claims.action,
        incidentId: link.claims.incidentId,
        userId: link.claims.userId,
        usedAt: this.clock.now(),
      });
    } catch (e) {
      if (isDuplicateKey(e)) throw new LinkError('USED', 'This link was already used; each link works once.');
      throw e;
    }
    try {
      const via = link.claims.channel ?? 'email';
      return { link, incident: await actions.perform(link.user, link.claims.action, link.claims.incidentId, via) };
    } catch (e) {
      await this.db.dataSource.getRepository(UsedActionLink).delete({ linkHash: hash });
      throw e;
    }
  }

  private key(): Promise<Buffer> {
    this.secret ??= this.loadKey().catch((e) => {
      this.secret = null;
      throw e;
    });
    return this.secret;
  }

  /** The configured secret, else the one in the database, else a new one (the first replica to insert wins). */
  private async loadKey(): Promise<Buffer> {
    if (this.configuredSecret) return Buffer.from(this.configuredSecret, 'utf8');
    const repo = this.db.dataSource.getRepository(ServerSecret);
    const found = await repo.findOne({ where: { name: SECRET_NAME } });
    if (found) return Buffer.from(found.value, 'base64url');
    try {
      await repo.insert({
        name: SECRET_NAME,
        value: crypto.randomBytes(48).toString('base64url'),
        createdAt: this.clock.now(),
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const stored = await repo.findOneOrFail({ where: { name: SECRET_NAME } });
    return Buffer.from(stored.value, 'base64url');
  }
}

function linkHash(body: string): string {
  return crypto.createHash('sha256').update(body).digest('hex');
}
