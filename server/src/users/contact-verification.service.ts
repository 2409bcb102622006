import crypto from 'node:crypto';
import {
  Actor,
  Clock,
  DomainError,
  ErrorCode,
  MINUTE,
  RateLimits,
  SLACK_MEMBER_ID,
  VERIFICATION,
  contactMethodProven,
  mayAnswerPage,
  pageAnswerRole,
  validationError,
  verificationOnAdd,
  verificationVerdict,
} from '@vigil/shared';
import { RateLimiter, limitedCaller } from '../access/rate-limiter';
import { Database } from '../db/data-source';
import { Notification } from '../model/notification.entity';
import { Notifier } from '../notify';
import { ContactMethod, User } from '../model/user.entity';

/** What sends a code now (outside the outbox: a code is never stored in clear) and keeps codes as MACs. */
export interface CodeSender {
  sendCode(
    kind: string,
    address: string,
    code: string,
  ): Promise<{ ok: boolean; skipped?: string; error?: string | null }>;
  mac(purpose: string, text: string): Promise<string>;
  /**
   * Kinds proven by a code: email, phones, and a Slack member id when a bot can message it. The others (a webhook,
   * a Slack member mentioned through the incoming webhook) are verified when the person adds them; a webhook someone
   * else adds gets a code POSTed to it (verificationOnAdd).
   */
  verifiesByCode(kind: string): boolean;
  /** A Slack member id from a workspace member's email (users.lookupByEmail); null when there is none or no bot. */
  slackMemberByEmail(email: string): Promise<string | null>;
}

const VIA: Record<string, string> = {
  EMAIL: 'by email',
  SLACK: 'as a Slack direct message',
  WEBHOOK: 'to the webhook (a POST with type "verification")',
};
const RESEND_AFTER_MS = MINUTE;
const TEST_PAGE_EVERY_MS = MINUTE;

/** A method with what happened to its last code, for the person adding or resending it. */
export type MethodWithNote = ContactMethod & { verificationNote?: string | null };

/**
 * Verifying contact methods (issue 18): adding one sends a code, the person enters it, only verified methods are
 * paged. Codes are six digits, kept as an HMAC under the server secret, live ten minutes and allow five tries.
 * Only the person may verify, resend or test their own methods; an admin can see them but not act for them.
 */
export class ContactVerification {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly sender: CodeSender,
    private readonly notifier: Notifier,
    private readonly publicUrl: string,
    private readonly limiter: RateLimiter,
    private readonly limits: Pick<RateLimits, 'codesPerPerson' | 'codesPerAddress'>,
    private readonly wake: () => void = () => undefined,
  ) {}

  /**
   * Before a method is written or a code sent (so a refusal leaves nothing behind): texts and calls only for someone
   * who can be paged (they are how pages reach a person, and each costs the operator), and every code counted against
   * the person asking and against the address it goes to, whoever asks. The person is counted first, so one account
   * can use up at most its own allowance of a stranger's address.
   */
  async admit(
    owner: User,
    kind: string,
    address: string,
    actor: Actor,
    field: string,
    sendsCode = this.how(kind, owner.id, actor) === 'CODE',
  ): Promise<void> {
    if ((kind === 'SMS' || kind === 'VOICE') && !mayAnswerPage(owner.role))
      throw validationError(
        field === 'address' ? 'kind' : field,
        `SMS and VOICE methods are for people who answer pages (${pageAnswerRole()} or above); ${owner.name} is ${owner.role} and is not paged.`,
      );
    if (!sendsCode) return;
    const { codesPerPerson: person, codesPerAddress: each } = this.limits;
    await this.limiter.take(
      'code-person',
      limitedCaller(actor),
      person,
      `verification codes asked for by you (at most ${person.capacity} an hour)`,
      1,
      field,
    );
    // A number is one destination whether it is to be texted or called; emails and member ids ignore case.
    const destination = kind === 'SMS' || kind === 'VOICE' ? `phone:${address}` : `${kind}:${address.toLowerCase()}`;
    await this.limiter.take(
      'code-address',
      destination,
      each,
      `verification codes sent to this address (at most ${each.capacity} an hour, whoever asks)`,
      1,
      field,
    );
  }

  /**
   * After a method was added: a code for a phone or email (or a webhook someone else added); verified at once only
   * when no code can reach it and the person added it themselves; otherwise left for the person.
   */
  async start(method: ContactMethod, actor: Actor): Promise<MethodWithNote> {
    const how = this.how(method.kind, method.userId, actor);
    if (how === 'CODE') return this.sendCode(method);
    if (how === 'BY_THE_PERSON')
      return Object.assign(method, {
        verificationNote: `Not verified: no code can reach a ${method.kind} method, so it is paged once its owner adds it themselves.`,
      });
    method.verifiedAt = this.clock.now();
    await this.repo().update({ id: method.id }, { verifiedAt: method.verifiedAt });
    return method;
  }

  /** How a method of `kind` for person `ownerId` is proven when `actor` adds it (or asks for a new code). */
  private how(kind: string, ownerId: number, actor: Actor): 'CODE' | 'AT_ONCE' | 'BY_THE_PERSON' {
    return verificationOnAdd({
      kind,
      byCode: this.sender.verifiesByCode(kind),
      addedByOwner: actor.userId === ownerId,
    });
  }

  /** A SLACK address as stored: a member id as given, or an email looked up in the workspace through the bot. */
  async slackMemberId(field: string, address: string): Promise<string> {
    if (SLACK_MEMBER_ID.test(address)) return address;
    if (!/^[^\s@]+@[^\s@]+$/.test(address))
      throw validationError(
        field,
        'A SLACK address must be a Slack member id (U…) or the email of a workspace member.',
      );
    const found = await this.sender.slackMemberByEmail(address);
    if (!found)
      throw validationError(
        field,
        this.sender.verifiesByCode('SLACK')
          ? 'No member of the Slack workspace has this email; give your Slack member id (U…) instead.'
          : 'Without the Slack bot (VIGIL_SLACK_BOT_TOKEN) a SLACK address must be a Slack member id (U…).',
      );
    return found;
  }

  /** Sends a new code to one of your own unverified methods (at most once a minute). */
  async resend(id: number, actor: Actor): Promise<MethodWithNote> {
    const method = await this.own(id, actor);
    if (this.proven(method)) throw validationError('id', 'This contact method is already verified.');
    const now = this.clock.now();
    if (method.codeSentAt && now.getTime() - method.codeSentAt.getTime() < RESEND_AFTER_MS)
      throw validationError('id', 'A code was sent less than a minute ago; wait for it, or try again in a minute.');
    // Unverified and the person's own: a code reaches it if any can (a webhook someone else added, too).
    if (!this.sender.verifiesByCode(method.kind) && method.kind !== 'WEBHOOK')
      throw validationError(
        'id',
        `No code can reach a ${method.kind} method; remove it and add it yourself, and it is verified at once.`,
      );
    const owner = (await this.db.dataSource.getRepository(User).findOneBy({ id: method.userId })) as User;
    await this.admit(owner, method.kind, method.address, actor, 'id', true);
    return this.sendCode(method);
  }

  /** Checks a code for one of your own methods; a right one verifies it, a wrong one counts against the five tries. */
  async verify(id: number, codeInput: string, actor: Actor): Promise<ContactMethod> {
    const method = await this.own(id, actor);
    if (this.proven(method)) return method;
    const code = codeInput.trim();
    const now = this.clock.now();
    const verdict = verificationVerdict({ codeExpiresAt: method.codeExpiresAt, attempts: method.codeAttempts }, now);
    if (verdict === 'NO_CODE') throw validationError('code', 'No code was sent to this method; send one first.');
    if (verdict === 'EXPIRED') throw validationError('code', 'This code has expired; send a new one.');
    if (verdict === 'TOO_MANY_ATTEMPTS') throw validationError('code', 'Too many wrong codes; send a new one.');
    const expected = Buffer.from(method.codeHash ?? '');
    const given = Buffer.from(await this.sender.mac(`contact:${method.id}`, code));
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
      // Counted with a conditional update, so parallel guesses cannot share one try.
      await this.repo()
        .createQueryBuilder()
        .update(ContactMethod)
        .set({ codeAttempts: () => 'codeAttempts + 1' })
        .where('id = :id', { id })
        .execute();
      const left = VERIFICATION.maxAttempts - method.codeAttempts - 1;
      throw validationError(
        'code',
        left > 0
          ? `That code is not right; ${left} ${left === 1 ? 'try' : 'tries'} left.`
          : 'That code is not right; send a new one.',
      );
    }
    const result = await this.repo()
      .createQueryBuilder()
      .update(ContactMethod)
      .set({ verifiedAt: now, codeHash: null, codeExpiresAt: null, codeAttempts: 0 })
      .where('id = :id AND codeHash = :hash AND codeAttempts < :max', {
        id,
        hash: method.codeHash,
        max: VERIFICATION.maxAttempts,
      })
      .execute();
    if (result.affected !== 1) throw validationError('code', 'This code is no longer valid; send a new one.');
    return this.own(id, actor);
  }

  /** Verified, and for a SLACK member id with a bot, proven by a code (see contactMethodProven). */
  proven(method: ContactMethod): boolean {
    return contactMethodProven(method, this.sender.verifiesByCode('SLACK'));
  }

  /** Sends yourself a test page on one of your verified methods, through the outbox like a real page. */
  async testPage(id: number, actor: Actor): Promise<Notification> {
    const method = await this.own(id, actor);
    if (!this.proven(method))
      throw validationError('contactMethodId', 'Verify this contact method before sending it a test page.');
    const now = this.clock.now();
    const recent = await this.db.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.contactMethodId = :id AND n.kind = :kind AND n.createdAt > :since', {
        id,
        kind: 'TEST',
        since: new Date(now.getTime() - TEST_PAGE_EVERY_MS),
      })
      .getCount();
    if (recent) throw validationError('contactMethodId', 'A test page was sent less than a minute ago.');
    const user = (await this.db.dataSource.getRepository(User).findOneBy({ id: method.userId })) as User;
    const key = `test:${method.id}:${now.toISOString()}`;
    await this.db.transaction((m) =>
      this.notifier.enqueueIn(m, [
        {
          incidentId: null,
          kind: 'TEST',
          level: 0,
          target: { userId: user.id, name: user.name },
          contactMethodId: method.id,
          idempotencyKey: key,
          message: {
            title: 'Vigil test page',
            body: `A test page you sent yourself: this ${method.kind.toLowerCase()} method reaches you.`,
            severity: null,
            status: null,
            url: `${this.publicUrl.replace(/\/$/, '')}/me/notifications`,
          },
        },
      ]),
    );
    this.wake();
    return (await this.db.dataSource
      .getRepository(Notification)
      .findOne({ where: { contactMethodId: method.id, kind: 'TEST' }, order: { id: 'DESC' } })) as Notification;
  }

  private async sendCode(method: ContactMethod): Promise<MethodWithNote> {
    const code = String(crypto.randomInt(0, 10 ** VERIFICATION.digits)).padStart(VERIFICATION.digits, '0');
    const now = this.clock.now();
    const patch = {
      codeHash: await this.sender.mac(`contact:${method.id}`, code),
      codeExpiresAt: new Date(now.getTime() + VERIFICATION.ttlMs),
      codeSentAt: now,
      codeAttempts: 0,
    };
    const outcome = await this.sender.sendCode(method.kind, method.address, code);
    if (!outcome.ok) {
      // Nothing went out: no code is outstanding, and the person is told why.
      await this.repo().update(
        { id: method.id },
        { codeHash: null, codeExpiresAt: null, codeSentAt: null, codeAttempts: 0 },
      );
      return Object.assign(method, {
        codeHash: null,
        codeExpiresAt: null,
        codeSentAt: null,
        verificationNote: `No code sent: ${outcome.skipped ?? outcome.error ?? 'the provider did not accept it'}`,
      });
    }
    await this.repo().update({ id: method.id }, patch);
    const via = VIA[method.kind] ?? 'by SMS';
    return Object.assign(method, patch, { verificationNote: `A code was sent ${via}; it expires in 10 minutes.` });
  }

  /** Your own method; an admin sees others' methods but may not verify or test them, and nobody else learns of them. */
  private async own(id: number, actor: Actor): Promise<ContactMethod> {
    const method = await this.repo().findOneBy({ id });
    if (method && method.userId === actor.userId) return method;
    if (method && actor.role === 'ADMIN')
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only the person verifies and tests their own contact methods.', 'id');
    throw new DomainError(ErrorCode.NOT_FOUND, `No contact method with id ${id} of yours.`, 'id');
  }

  private repo() {
    return this.db.dataSource.getRepository(ContactMethod);
  }
}
