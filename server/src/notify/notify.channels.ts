import crypto from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import { plainTitle, severitySubject, slackEscape } from '@vigil/shared';
import { Notification } from '../model/notification.entity';
import { OutboundGuard } from '../outbound/outbound-guard';
import { PERMANENT_REASONS } from '../outbound/outbound-reason';
import { NotifyConfig } from './notify.config';
import { DeliveryOutcome } from './notify.port';
import { TwilioClient } from './twilio.client';
import { smsText, voiceTwiml } from './phone.messages';
import { SlackBot } from './slack.bot';
import { teamsMessage } from './teams.card';

export type { DeliveryOutcome } from './notify.port';

/** Sends a PUSH row (server/src/push): encrypts, signs, and classifies the push service's answer. */
export interface PushDeliverer {
  deliver(n: Notification): Promise<DeliveryOutcome>;
}

/** Signed one-time acknowledge/escalate links for an email's recipient (server/src/email-actions), per server. */
export type ActionLinkMaker = (
  incidentId: number,
  userId: number,
) => Promise<{ ACKNOWLEDGE: string; ESCALATE: string }>;
const SEVERITY_EMOJI: Record<string, string> = {
  P0: ':rotating_light:',
  P1: ':red_circle:',
  P2: ':large_orange_circle:',
  P3: ':white_circle:',
};

/** Slack Block Kit for an incoming webhook: headline, severity and status fields, the body, and a link. */
export function slackMessage(n: Notification): { text: string; blocks: unknown[] } {
  const { body, severity, status, url } = n.message;
  const title = plainTitle(severity, n.message.title);
  const mention = n.address ? `<@${n.address}> ` : '';
  if (n.incidentId === null || severity === null) {
    // About no incident (a shift hand-off): the text and a link, nothing to acknowledge.
    return {
      text: `${mention}${slackEscape(title)}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150), emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: `${mention}${slackEscape(body)}`.slice(0, 3000) } },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Vigil' }, url }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Vigil · ${n.kind}` }] },
      ],
    };
  }
  return {
    text: `${mention}${slackEscape(severitySubject(severity, title))}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${severity} · ${title}`.slice(0, 150), emoji: true } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Severity*\n${SEVERITY_EMOJI[severity] ?? ''} ${severity}` },
          { type: 'mrkdwn', text: `*Status*\n${status}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `${mention}${slackEscape(body)}`.slice(0, 3000) } },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Open incident' }, url },
          // Handled by POST /api/slack/interactions (server/src/slack), as the Slack user's linked Vigil account.
          {
            type: 'button',
            action_id: 'vigil_ack',
            style: 'primary',
            text: { type: 'plain_text', text: 'Acknowledge' },
            value: String(n.incidentId),
          },
          {
            type: 'button',
            action_id: 'vigil_escalate',
            style: 'danger',
            text: { type: 'plain_text', text: 'Escalate' },
            value: String(n.incidentId),
          },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Vigil · incident ${n.incidentId} · ${n.kind}` }] },
    ],
  };
}

/** The JSON body of the generic and ticket webhooks: stable field names, documented in the report. */
function webhookBody(n: Notification, ticket: boolean): Record<string, unknown> {
  const common = {
    idempotencyKey: n.idempotencyKey,
    event: n.kind,
    incidentId: n.incidentId,
    level: n.level,
    severity: n.message.severity,
    status: n.message.status,
    title: plainTitle(n.message.severity, n.message.title),
    url: n.message.url,
    ...(n.message.services ? { services: n.message.services, team: n.message.team ?? null } : {}),
  };
  return ticket
    ? { ...common, type: 'ticket', priority: n.message.severity, description: n.message.body }
    : { ...common, type: 'notification', target: { userId: n.targetUserId, name: n.targetName }, body: n.message.body };
}

/**
 * The email's Message-ID: the same for every attempt of one notification, so a mail sent again after a crash (its
 * outcome unknown) is the same message to the receiving side. The deployment's URL is in the hash because incident
 * numbers repeat across deployments, and a mailbox drops a second message with an ID it has seen.
 */
export function messageIdFor(idempotencyKey: string, publicUrl: string): string {
  const hash = crypto.createHash('sha256').update(`${publicUrl}\n${idempotencyKey}`).digest('hex').slice(0, 40);
  return `<${hash}@${new URL(publicUrl).hostname || 'vigil'}>`;
}

/**
 * POSTs a notification through the outbound guard: a status and a classified reason come back (`http-500`,
 * `refused-address`, `timeout`, …), never the receiver's body. An address the guard refuses is a permanent failure.
 */
async function post(guard: OutboundGuard, url: string, body: unknown, key: string): Promise<DeliveryOutcome> {
  const res = await guard.send(url, {
    method: 'POST',
    // Idempotency-Key as the IETF httpapi draft names it, and the same key under Vigil's own name, as on emails.
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Vigil-Notifier',
      'idempotency-key': key,
      'x-vigil-idempotency-key': key,
    },
    body: JSON.stringify(body),
  });
  return {
    ok: res.ok,
    code: res.status,
    retryAfter: res.retryAfter,
    permanent: res.reason !== null && PERMANENT_REASONS.has(res.reason),
    error: res.reason,
  };
}

/** What else delivering needs: the Slack bot, an incident channel's rows, and where a team's Teams webhook is. */
export interface ChannelExtras {
  slackBot?: SlackBot | null;
  /** Delivers CHANNEL_* rows (server/src/slack/incident-channels.ts); none: incident channels are off. */
  incidentChannels?: { deliver(n: Notification): Promise<DeliveryOutcome> } | null;
  /** The Teams webhook URL a TEAMS row's address (`team:<id>`) stands for; null when that team has none. */
  teamsWebhookOf?: (address: string) => Promise<string | null>;
  /** Web Push (server/src/push); none: PUSH rows are skipped. */
  push?: PushDeliverer | null;
}

/** The Slack message of a row: in a direct message nobody needs mentioning. */
const direct = (n: Notification): Notification => ({ ...n, address: null });

/**
 * A provider's 4xx (other than 408/425/429) is a refusal trying again will not change: skipped with its reason,
 * like Twilio's and Slack's refusals, and shown where the delivery is.
 */
function refusedAs4xx(outcome: DeliveryOutcome, provider: string): DeliveryOutcome {
  if (outcome.permanent)
    return { ...outcome, skipped: `the ${provider} webhook address is refused (${outcome.error})` };
  const s = outcome.code;
  if (outcome.ok || s === null || s < 400 || s >= 500 || s === 408 || s === 425 || s === 429) return outcome;
  return { ...outcome, skipped: `${provider} refused the message (HTTP ${s})` };
}

/** Delivers one outbox row over its channel. Knows nothing of retries or the database. */
export class ChannelSenders {
  private mailer: Transporter | null = null;
  private readonly twilio: TwilioClient | null;
  /** Rows another feature composes and sends itself (status page subscribers), by the prefix of their kind. */
  private readonly byKind = new Map<string, (n: Notification) => Promise<DeliveryOutcome>>();

  constructor(
    private readonly config: NotifyConfig,
    private readonly publicUrl: string,
    /** Makes the Acknowledge/Escalate links of a person's email (email-actions); none: emails carry none. */
    private readonly actionLinks: ActionLinkMaker | null = null,
    /** Every webhook, Slack and ticket request goes through it (VIGIL_OUTBOUND_ALLOW); default: nothing private allowed. */
    private readonly outbound: OutboundGuard = new OutboundGuard({ allow: [], timeoutMs: 5000 }),
    private readonly extras: ChannelExtras = {},
  ) {
    this.twilio = config.twilio ? new TwilioClient(config.twilio, config.twilio.timeoutMs) : null;
  }

  /** Whether a kind of contact method is proven by a code this server can send (a Slack member id: with a bot). */
  verifiesByCode(kind: string): boolean {
    return kind === 'EMAIL' || kind === 'SMS' || kind === 'VOICE' || (kind === 'SLACK' && !!this.extras.slackBot);
  }

  /** A workspace member's id from their email (users.lookupByEmail); null without a bot or when nobody has it. */
  slackMemberByEmail(email: string): Promise<string | null> {
    return this.extras.slackBot ? this.extras.slackBot.memberIdByEmail(email) : Promise.resolve(null);
  }

  /** Why a channel cannot be used at all on this server, or null when it can (the outbox skips such steps at once). */
  unusable(channel: string): string | null {
    if ((channel === 'SMS' || channel === 'VOICE') && !this.twilio)
      return 'SMS and voice are not configured (VIGIL_TWILIO_ACCOUNT_SID is not set)';
    if (channel === 'EMAIL' && !this.config.smtpUrl) return 'VIGIL_SMTP_URL is not set';
    if (channel === 'PUSH' && !this.extras.push) return 'Web Push is not set up on this server';
    return null;
  }

  /** The URL Twilio posts a callee's keypress to; the notification id says which page it answers. */
  gatherUrl(notificationId: number): string {
    return `${this.publicUrl.replace(/\/$/, '')}/api/twilio/voice/gather?n=${notificationId}`;
  }

  /** The Twilio client, for inbound signature checks; null when not configured. */
  twilioClient(): TwilioClient | null {
    return this.twilio;
  }

  /**
   * Sends a verification code to an address now, outside the outbox: the code must never be stored in clear, and
   * the person is waiting for it. Phones get it by SMS, email addresses by mail, a webhook by a POST to it.
   */
  async sendCode(kind: string, address: string, code: string): Promise<DeliveryOutcome> {
    const text = `Your Vigil verification code is ${code}. It expires in 10 minutes.`;
    if (kind === 'SMS' || kind === 'VOICE') {
      return this.twilio
        ? this.twilio.sms(address, text)
        : { ok: false, code: null, skipped: this.unusable(kind) ?? undefined };
    }
    if (kind === 'SLACK' && this.extras.slackBot)
      return this.extras.slackBot.post(address, { text }, 'verification code');
    // A webhook someone else added for a person: the code goes to the endpoint, and only the person can enter it.
    if (kind === 'WEBHOOK')
      return refusedAs4xx(
        await post(this.outbound, address, { type: 'verification', code, text }, `verification:${crypto.randomUUID()}`),
        'Webhook',
      );
    if (kind !== 'EMAIL') return { ok: false, code: null, skipped: `${kind} methods are not verified by code` };
    if (!this.config.smtpUrl) return { ok: false, code: null, skipped: 'VIGIL_SMTP_URL is not set' };
    this.mailer ??= nodemailer.createTransport(this.config.smtpUrl);
    try {
      await this.mailer.sendMail({ from: this.config.emailFrom, to: [address], subject: 'Your Vigil code', text });
      return { ok: true, code: 250 };
    } catch (e) {
      return { ok: false, code: null, error: (e as Error).message.slice(0, 300) };
    }
  }

  /** Rows whose kind starts with `prefix` are delivered by `deliver` (still with the sender's leases and retries). */
  deliverKind(prefix: string, deliver: (n: Notification) => Promise<DeliveryOutcome>): void {
    this.byKind.set(prefix, deliver);
  }

  async deliver(n: Notification): Promise<DeliveryOutcome> {
    for (const [prefix, deliver] of this.byKind) if (n.kind.startsWith(prefix)) return deliver(n);
    const c = this.config;
    switch (n.channel) {
      case 'SLACK':
        return this.slack(n);
      case 'TEAMS': {
        const url = n.address ? await this.extras.teamsWebhookOf?.(n.address) : c.teamsWebhookUrl;
        if (!url)
          return {
            ok: false,
            code: null,
            skipped: 'no Microsoft Teams webhook is set (the team’s or VIGIL_TEAMS_WEBHOOK_URL)',
          };
        return refusedAs4xx(await post(this.outbound, url, teamsMessage(n), n.idempotencyKey), 'Microsoft Teams');
      }
      case 'WEBHOOK': {
        const url = n.address ?? c.webhookUrl;
        return url
          ? post(this.outbound, url, webhookBody(n, false), n.idempotencyKey)
          : { ok: false, code: null, skipped: 'VIGIL_WEBHOOK_URL is not set' };
      }
      case 'TICKET':
        return c.ticketWebhookUrl
          ? post(this.outbound, c.ticketWebhookUrl, webhookBody(n, true), n.idempotencyKey)
          : { ok: false, code: null, skipped: 'VIGIL_TICKET_WEBHOOK_URL is not set' };
      case 'EMAIL':
        return this.email(n);
      case 'PUSH':
        return this.extras.push
          ? this.extras.push.deliver(n)
          : { ok: false, code: null, skipped: 'Web Push is not set up' };
      case 'SMS':
      case 'VOICE': {
        if (!this.twilio) return { ok: false, code: null, skipped: this.unusable(n.channel) ?? 'not configured' };
        if (!n.address) return { ok: false, code: null, skipped: 'no phone number' };
        return n.channel === 'SMS'
          ? this.twilio.sms(n.address, smsText(n))
          : this.twilio.call(n.address, voiceTwiml(n, this.gatherUrl(n.id)));
      }
    }
  }

  /**
   * Slack: an incident channel's rows through the bot; a person by direct message when there is a bot (their member
   * id is the row's address); #incidents through the incoming webhook, or through the bot to VIGIL_SLACK_CHANNEL.
   * Without a bot a person is mentioned in the webhook's channel, as before the bot.
   */
  private async slack(n: Notification): Promise<DeliveryOutcome> {
    const bot = this.extras.slackBot ?? null;
    if (n.kind.startsWith('CHANNEL_'))
      return this.extras.incidentChannels
        ? this.extras.incidentChannels.deliver(n)
        : { ok: false, code: null, skipped: 'Slack incident channels are off (VIGIL_SLACK_INCIDENT_CHANNELS)' };
    if (bot && n.targetUserId !== null) {
      if (!n.address) return { ok: false, code: null, skipped: 'this person has no Slack member id' };
      return bot.post(n.address, slackMessage(direct(n)), 'direct message');
    }
    const url = this.config.slackWebhookUrl;
    if (url) return post(this.outbound, url, slackMessage(n), n.idempotencyKey);
    if (bot?.config.channel) return bot.post(bot.config.channel, slackMessage(n), 'channel message');
    return {
      ok: false,
      code: null,
      skipped: bot
        ? 'VIGIL_SLACK_WEBHOOK_URL and VIGIL_SLACK_CHANNEL are not set'
        : 'VIGIL_SLACK_WEBHOOK_URL is not set',
    };
  }

  private async email(n: Notification): Promise<DeliveryOutcome> {
    if (!this.config.smtpUrl) return { ok: false, code: null, skipped: 'VIGIL_SMTP_URL is not set' };
    const to = n.address ? [n.address] : this.config.stakeholderEmails;
    if (!to.length) return { ok: false, code: null, skipped: 'VIGIL_STAKEHOLDER_EMAILS is empty' };
    this.mailer ??= nodemailer.createTransport(this.config.smtpUrl);
    const { title, body, severity, status, url } = n.message;
    const incidentId = n.incidentId;
    const maker = n.targetUserId !== null && incidentId !== null ? this.actionLinks : null;
    const links =
      maker && incidentId !== null ? await maker(incidentId, n.targetUserId as number).catch(() => null) : null;
    const actions = links
      ? `\nAcknowledge: ${links.ACKNOWLEDGE}\nEscalate: ${links.ESCALATE}\n(each link works once, for an hour)\n`
      : '';
    try {
      const info = await this.mailer.sendMail({
        from: this.config.emailFrom,
        to,
        subject: severity ? severitySubject(severity, title) : title,
        text: severity
          ? `${body}\n\nSeverity: ${severity}\nStatus: ${status}\n${url}\n${actions}`
          : `${body}\n\n${url}\n`,
        messageId: messageIdFor(n.idempotencyKey, this.publicUrl),
        headers: { 'X-Vigil-Idempotency-Key': n.idempotencyKey },
      });
      const code = Number(/^(\d{3})/.exec(String((info as { response?: string }).response ?? ''))?.[1] ?? 250);
      return { ok: true, code };
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode ?? null;
      // SMTP 5xx is a permanent rejection (unknown mailbox); 4xx and no answer are worth another try.
      return { ok: false, code, permanent: code !== null && code >= 500, error: (e as Error).message.slice(0, 500) };
    }
  }

  close(): void {
    this.mailer?.close();
  }
}
