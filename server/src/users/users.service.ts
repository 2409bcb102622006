import {
  Actor,
  Clock,
  DomainError,
  ErrorCode,
  ROLES,
  Role,
  assertAcceptablePassword,
  assertE164,
  assertMayGrantTeamRole,
  optionalText,
  requireText,
  validationError,
} from '@vigil/shared';
import { AuthService, hashPassword } from '../auth';
import { Database } from '../db/data-source';
import { OutboundAllowList } from '../outbound/outbound-guard';
import { ContactKind, ContactMethod, Team, TeamMember, User } from '../model/user.entity';
import { ContactVerification, MethodWithNote } from './contact-verification.service';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function timeZone(value: string | null | undefined): string {
  const tz = value?.trim() || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw validationError('timeZone', `timeZone must be an IANA time zone such as Europe/Berlin, not "${tz}".`);
  }
  return tz;
}

export interface UserInput {
  name: string;
  email: string;
  role: Role;
  timeZone?: string | null;
  password?: string | null;
  slackUserId?: string | null;
}

/** Contact methods of one kind one person may have (push subscriptions have their own limit, also ten). */
const MAX_METHODS_PER_KIND = 10;

/** People, their contact methods and their teams. */
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    /** VIGIL_OUTBOUND_ALLOW: a WEBHOOK address the outbound guard would always refuse is refused when saved. */
    private readonly outbound: OutboundAllowList = new OutboundAllowList([]),
    /** Sends the new method its code (issue 18); none: methods are added unverified. */
    private readonly verification: ContactVerification | null = null,
  ) {}

  list(): Promise<User[]> {
    return this.db.dataSource.getRepository(User).find({ order: { name: 'ASC' } });
  }

  async get(id: number): Promise<User> {
    const user = await this.db.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new DomainError(ErrorCode.NOT_FOUND, `No user with id ${id}.`, 'id');
    return user;
  }

  /** Adds a person; emails are unique (case-insensitive). */
  async create(input: UserInput): Promise<User> {
    const name = requireText('name', input.name, 1, 200);
    const email = requireText('email', input.email, 3, 320).toLowerCase();
    if (!EMAIL.test(email)) throw validationError('email', 'email must look like name@example.com.');
    if (!ROLES.includes(input.role)) throw validationError('role', 'role must be VIEWER, RESPONDER, LEAD or ADMIN.');
    if (input.password !== null && input.password !== undefined)
      assertAcceptablePassword('password', input.password, { email, name }, this.auth.passwordStrength.estimate);
    const tz = timeZone(input.timeZone);
    const slackUserId = optionalText('slackUserId', input.slackUserId, 64);
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.db.transaction(async (m) => {
      if (await m.findOneBy(User, { email }))
        throw validationError('email', `A user with email ${email} already exists.`);
      return m.save(
        m.create(User, {
          name,
          email,
          role: input.role,
          timeZone: tz,
          passwordHash,
          active: true,
          slackUserId,
          createdAt: this.clock.now(),
        }),
      );
    });
  }

  /** Changes a person's role, name, time zone or active flag; a demotion or deactivation signs them out everywhere. */
  async update(
    id: number,
    input: { name?: string | null; role?: Role | null; timeZone?: string | null; active?: boolean | null },
    actor: Actor,
  ): Promise<User> {
    const user = await this.get(id);
    const patch: Partial<User> = {};
    if (input.name !== undefined && input.name !== null) patch.name = requireText('name', input.name, 1, 200);
    if (input.timeZone !== undefined && input.timeZone !== null) patch.timeZone = timeZone(input.timeZone);
    if (input.role) patch.role = input.role;
    if (input.active !== undefined && input.active !== null) patch.active = input.active;
    if (id === actor.userId && (patch.active === false || (patch.role && patch.role !== 'ADMIN'))) {
      throw validationError('role', 'You cannot demote or deactivate yourself; ask another admin.');
    }
    await this.db.dataSource.getRepository(User).update({ id }, patch);
    if (patch.active === false || (patch.role && patch.role !== user.role)) await this.auth.revokeAllFor(id);
    return this.get(id);
  }

  contactMethods(userId: number): Promise<ContactMethod[]> {
    return this.db.dataSource.getRepository(ContactMethod).find({ where: { userId }, order: { id: 'ASC' } });
  }

  /** Adds a way to reach someone: yourself, or anyone if you are an admin. */
  async addContactMethod(
    userId: number,
    kind: ContactKind,
    addressInput: string,
    actor: Actor,
  ): Promise<MethodWithNote> {
    if (userId !== actor.userId && actor.role !== 'ADMIN')
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only admins change other people’s contact methods.', 'userId');
    const owner = await this.get(userId);
    if (kind === 'PUSH')
      throw validationError('kind', 'A PUSH method is added by subscribing a browser (subscribePush), not by address.');
    let address = requireText('address', addressInput, 1, 500);
    if (kind === 'SMS' || kind === 'VOICE') address = assertE164('address', address);
    if (kind === 'EMAIL' && !EMAIL.test(address))
      throw validationError('address', 'An EMAIL address must look like name@example.com.');
    if (kind === 'SLACK' && this.verification) address = await this.verification.slackMemberId('address', address);
    if (kind === 'WEBHOOK' && !/^https?:\/\//.test(address))
      throw validationError('address', 'A WEBHOOK address must be an http(s) URL.');
    const refused = kind === 'WEBHOOK' ? this.outbound.literalRefusal(address) : null;
    if (refused) throw validationError('address', `A WEBHOOK address ${refused}`);
    const repo = this.db.dataSource.getRepository(ContactMethod);
    // Each method is a place Vigil sends to on this person's behalf (a test page each, every page): a bounded few.
    if ((await repo.countBy({ userId, kind })) >= MAX_METHODS_PER_KIND)
      throw validationError(
        'kind',
        `${owner.name} has ${MAX_METHODS_PER_KIND} ${kind} contact methods, the most one person may have; remove one first.`,
      );
    await this.verification?.admit(owner, kind, address, actor, 'address');
    const method = await repo.save(
      repo.create({ userId, kind, address, createdAt: this.clock.now(), verifiedAt: null, codeAttempts: 0 }),
    );
    return this.verification ? this.verification.start(method, actor) : method;
  }

  async removeContactMethod(id: number, actor: Actor): Promise<boolean> {
    const repo = this.db.dataSource.getRepository(ContactMethod);
    const method = await repo.findOneBy({ id });
    if (!method || (method.userId !== actor.userId && actor.role !== 'ADMIN'))
      throw new DomainError(ErrorCode.NOT_FOUND, `No contact method with id ${id} that you may remove.`, 'id');
    await repo.delete({ id });
    return true;
  }

  teams(): Promise<Team[]> {
    return this.db.dataSource.getRepository(Team).find({ order: { name: 'ASC' } });
  }

  async createTeam(nameInput: string): Promise<Team> {
    const name = requireText('name', nameInput, 1, 100);
    return this.db.transaction(async (m) => {
      if (await m.findOneBy(Team, { name })) throw validationError('name', `A team named "${name}" already exists.`);
      return m.save(m.create(Team, { name, createdAt: this.clock.now() }));
    });
  }

  /**
   * Adds a member, sets their lead flag (named, not null: leads are paged at level 2 of the procedure's path) or
   * removes them (member: false). A flag left out keeps its value. Removing someone takes their team role away,
   * so it needs a role at least as high as theirs.
   */
  async setTeamMember(
    teamId: number,
    userId: number,
    member: boolean,
    isLead: boolean | null | undefined,
    actor: Actor,
  ): Promise<Team> {
    const team = await this.db.dataSource.getRepository(Team).findOneBy({ id: teamId });
    if (!team) throw new DomainError(ErrorCode.NOT_FOUND, `No team with id ${teamId}.`, 'teamId');
    await this.get(userId);
    return this.db.transaction(async (m) => {
      const existing = await m.findOneBy(TeamMember, { teamId, userId });
      if (!member) {
        if (existing) {
          assertMayGrantTeamRole(actor.role, existing.role, null);
          await m.delete(TeamMember, { teamId, userId });
        }
        return team;
      }
      // Two adds at once: the second finds the row there and only sets the flag it names.
      if (!existing)
        await m
          .createQueryBuilder()
          .insert()
          .into(TeamMember)
          .values({ teamId, userId, isLead: isLead ?? false, role: null })
          .orIgnore()
          .execute();
      if (isLead !== null && isLead !== undefined) await m.update(TeamMember, { teamId, userId }, { isLead });
      return team;
    });
  }

  async members(teamId: number): Promise<Array<{ user: User; isLead: boolean }>> {
    const rows = await this.db.dataSource
      .getRepository(TeamMember)
      .find({ where: { teamId }, relations: { user: true } });
    return rows.filter((r) => r.user).map((r) => ({ user: r.user as User, isLead: r.isLead }));
  }
}
