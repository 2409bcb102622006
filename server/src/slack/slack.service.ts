import crypto from 'node:crypto';
import { LessThan } from 'typeorm';
import {
  ActionLinkAction,
  Clock,
  DomainError,
  SLACK_SIGNATURE_WINDOW_MS,
  SLASH_USAGE,
  checkSlackTimestamp,
  parseSlashCommand,
  slackBaseString,
  slackEscape,
  slackSignatureHex,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { ChannelActions } from '../email-actions';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { OnCallService } from '../oncall';
import { ContactMethod, User } from '../model/user.entity';
import { SlackRequestSeen } from '../model/slack.entity';
import { OutboundGuard } from '../outbound/outbound-guard';

/** A request Slack did not sign (or signed too long ago, or sent before): answered 401, nothing done. */
export class SlackAuthError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** What Slack shows the person: ephemeral unless said otherwise. */
export interface SlackReply {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  replace_original?: boolean;
  blocks?: unknown[];
}

const LINK_ACCOUNT =
  'Your Slack account is not linked to a Vigil user. Ask a Vigil admin to set your Slack member id on your Vigil account; nothing was done.';
/** How many open incidents `/vigil status` lists. */
const STATUS_LINES = 10;
const BUTTON_ACTIONS: Record<string, ActionLinkAction> = { vigil_ack: 'ACKNOWLEDGE', vigil_escalate: 'ESCALATE' };

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

/** Slack interactivity (message buttons) and the `/vigil` slash command, acting as the linked Vigil user. */
export class SlackService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly signingSecret: string | null,
    private readonly actions: ChannelActions,
    private readonly incidents: IncidentService,
    private readonly oncall: OnCallService,
    private readonly publicUrl: string,
    private readonly log: (e: unknown) => void,
    /** Slack's response_url arrives in a request: it goes through the outbound guard like any other address. */
    private readonly outbound: OutboundGuard = new OutboundGuard({ allow: [], timeoutMs: 5000 }),
    /**
     * With a bot, a SLACK contact method is verified by a code sent to that member as a direct message: then the
     * member who presses a button in it is that person. Without a bot such methods are unproven and link nobody.
     */
    private readonly trustVerifiedMethods = false,
  ) {}

  get configured(): boolean {
    return this.signingSecret !== null;
  }

  /** Slack's request signing: fresh timestamp, constant-time HMAC compare, then once only (across replicas). */
  async verify(rawBody: Buffer, timestamp: string | undefined, signature: string | undefined): Promise<void> {
    if (!this.signingSecret)
      throw new SlackAuthError('Slack is not configured on this Vigil (VIGIL_SLACK_SIGNING_SECRET).', 'signature');
    const now = this.clock.now();
    const verdict = checkSlackTimestamp(timestamp, now);
    if (verdict !== 'OK')
      throw new SlackAuthError(
        verdict === 'STALE'
          ? 'X-Slack-Request-Timestamp is more than 5 minutes off.'
          : 'X-Slack-Request-Timestamp is missing or malformed.',
        'timestamp',
      );
    const given = slackSignatureHex(signature);
    if (!given) throw new SlackAuthError('X-Slack-Signature is missing or malformed.', 'signature');
    const expected = crypto
      .createHmac('sha256', this.signingSecret)
      .update(slackBaseString(timestamp as string, rawBody.toString('utf8')))
      .digest();
    if (!crypto.timingSafeEqual(expected, Buffer.from(given, 'hex')))
      throw new SlackAuthError('X-Slack-Signature does not match.', 'signature');
    const repo = this.db.dataSource.getRepository(SlackRequestSeen);
    // Signatures older than the window can no longer pass the timestamp check: forget them.
    await repo.delete({ seenAt: LessThan(new Date(now.getTime() - 2 * SLACK_SIGNATURE_WINDOW_MS)) });
    try {
      await repo.insert({ signature: given, seenAt: now });
    } catch (e) {
      if (isDuplicateKey(e)) throw new SlackAuthError('This request was already received (replay).', 'signature');
      throw e;
    }
  }

  /** A block_actions payload from a message button; updates the original message through its response_url. */
  async interaction(payload: Record<string, unknown>): Promise<SlackReply | null> {
    const actions = Array.isArray(payload.actions) ? (payload.actions as Array<Record<string, unknown>>) : [];
    const first = actions[0];
    const action = typeof first?.action_id === 'string' ? BUTTON_ACTIONS[first.action_id] : undefined;
    if (payload.type !== 'block_actions' || !action)
      return { response_type: 'ephemeral', text: 'Vigil does not know this action.' };
    const incidentId = /^\d{1,15}$/.test(String(first.value ?? '')) ? Number(first.value) : NaN;
    if (!Number.isSafeInteger(incidentId))
      return { response_type: 'ephemeral', text: 'The button does not name an incident.' };
    const user = await this.userFor(payload.user);
    if (!user) return { response_type: 'ephemeral', text: LINK_ACCOUNT };
    let incident: Incident;
    try {
      incident = await this.actions.perform(user, action, incidentId, 'slack');
    } catch (e) {
      if (e instanceof DomainError) return { response_type: 'ephemeral', text: `Nothing was done: ${e.message}` };
      throw e;
    }
    const done = action === 'ACKNOWLEDGE' ? 'Acknowledged' : 'Escalated';
    if (typeof payload.response_url === 'string') {
      await this.respond(payload.response_url, {
        replace_original: true,
        response_type: 'in_channel',
        text: slackEscape(`${done} by ${user.name}: [${incident.severity}] ${incident.title}`),
        blocks: this.blocks(incident, `${done} by ${user.name} from Slack`),
      });
    }
    return null;
  }

  /** `/vigil …`: answered directly (ephemeral, except a declaration, which the channel should see). */
  async command(fields: URLSearchParams): Promise<SlackReply> {
    const user = await this.userFor({ id: fields.get('user_id') });
    if (!user) return { response_type: 'ephemeral', text: LINK_ACCOUNT };
    const cmd = parseSlashCommand(fields.get('text') ?? '');
    try {
      switch (cmd.kind) {
        case 'ACK': {
          const incident = await this.actions.perform(user, 'ACKNOWLEDGE', cmd.incidentId, 'slack');
          return {
            response_type: 'ephemeral',
            text: slackEscape(`Acknowledged #${incident.id} [${incident.severity}] ${incident.title}.`),
          };
        }
        case 'DECLARE': {
          const incident = await this.actions.declare(user, cmd.severity, cmd.title, 'slack');
          return {
            response_type: 'in_channel',
            text: `${slackEscape(`${user.name} declared #${incident.id} [${incident.severity}] ${incident.title}`)}: ${this.incidentUrl(incident.id)}`,
          };
        }
        case 'STATUS':
          return { response_type: 'ephemeral', text: await this.status() };
        case 'ONCALL':
          return { response_type: 'ephemeral', text: await this.onCallNow() };
        case 'HELP':
          return { response_type: 'ephemeral', text: `${cmd.problem ? `${cmd.problem} ` : ''}${SLASH_USAGE}` };
      }
    } catch (e) {
      if (e instanceof DomainError) return { response_type: 'ephemeral', text: `Nothing was done: ${e.message}` };
      throw e;
    }
  }

  private async status(): Promise<string> {
    const open = await this.incidents.openMostSevereFirst(STATUS_LINES);
    if (!open.nodes.length) return 'No open incidents.';
    const lines = open.nodes.map((i) => slackEscape(`• #${i.id} [${i.severity}] ${i.title} — ${i.status}`));
    return `Open incidents, most severe first${open.total > STATUS_LINES ? ` (${STATUS_LINES} of ${open.total})` : ''}:\n${lines.join('\n')}`;
  }

  private async onCallNow(): Promise<string> {
    const now = this.clock.now();
    const schedules = await this.oncall.list();
    if (!schedules.length) return 'No on-call schedules yet.';
    const lines: string[] = [];
    for (const s of schedules) {
      const shift = await this.oncall.currentShift(s.id, now);
      const people = await this.oncall.users(shift.userIds);
      lines.push(slackEscape(`• ${s.name}: ${people.length ? people.map((p) => p.name).join(', ') : 'nobody'}`));
    }
    return `On call now:\n${lines.join('\n')}`;
  }

  private async userFor(slackUser: unknown): Promise<User | null> {
    const id = (slackUser as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !/^[A-Z0-9]{2,64}$/i.test(id)) return null;
    const users = this.db.dataSource.getRepository(User);
    const linked = await users.findOne({ where: { slackUserId: id } });
    if (linked || !this.trustVerifiedMethods) return linked;
    const methods = await this.db.dataSource
      .getRepository(ContactMethod)
      .createQueryBuilder('c')
      // Proven by a code sent to that member (contactMethodProven), not merely accepted when added.
      .where('c.kind = :kind AND c.address = :id AND c.verifiedAt IS NOT NULL AND c.codeSentAt IS NOT NULL', {
        kind: 'SLACK',
        id,
      })
      .getMany();
    // One member verified by two people (one Slack account, two Vigil accounts) links neither: ambiguous.
    const owners = new Set(methods.map((c) => c.userId));
    return owners.size === 1 ? users.findOneBy({ id: [...owners][0] }) : null;
  }

  private incidentUrl(id: number): string {
    return `${this.publicUrl}/incidents/${id}`;
  }

  /** The original message after the action: its status and who acted, without the buttons that no longer apply. */
  private blocks(incident: Incident, what: string): unknown[] {
    return [
      {
        type: 'header',
        text: { type: 'plain_text', text: `${incident.severity} · ${incident.title}`.slice(0, 150), emoji: true },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Severity*\n${incident.severity}` },
          { type: 'mrkdwn', text: `*Status*\n${incident.status}` },
        ],
      },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Open incident' }, url: this.incidentUrl(incident.id) },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${what} · Vigil incident ${incident.id}` }] },
    ];
  }

  /** Posts to Slack's response_url; a failure is logged, not thrown: the action itself is already committed. */
  private async respond(url: string, body: unknown): Promise<void> {
    const res = await this.outbound.send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) this.log(new Error(`Slack response_url: ${res.reason}`));
  }
}
