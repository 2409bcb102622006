import crypto from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import { plainTitle, severitySubject } from '@vigil/shared';
import { Notification } from './notification.entity';
import { OutboundGuard } from '../outbound/outbound-guard';
import { PERMANENT_REASONS } from '../outbound/outbound-reason';
import { NotifyConfig } from './notify.config';

/** What one delivery attempt produced, before the retry rules decide what it means. */
export interface DeliveryOutcome {
  ok: boolean;
  /** HTTP status or SMTP reply code; null when nothing answered. */
  code: number | null;
  retryAfter?: string | null;
  /** The failure will not go away by trying again (a rejected address, a 4xx that is not 408/425/429). */
  permanent?: boolean;
  error?: string | null;
  /** Set when the channel is not configured: recorded, never retried. */
  skipped?: string;
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
export function slackMessage(n: Notification): Record<string, unknown> {
  const { body, severity, status, url } = n.message;
  const title = plainTitle(severity, n.message.title);
  const mention = n.address ? `<@${n.address}> ` : '';
  if (n.incidentId === null || severity === null) {
    // About no incident (a shift hand-off): the text and a link, nothing to acknowledge.
    return {
      text: `${mention}${title}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150), emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: `${mention}${body}`.slice(0, 3000) } },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Vigil' }, url }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Vigil · ${n.kind}` }] },
      ],
    };
  }
  return {
    text: `${mention}${severitySubject(severity, title)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${severity} · ${title}`.slice(0, 150), emoji: true } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Severity*\n${SEVERITY_EMOJI[severity] ?? ''} ${severity}` },
          { type: 'mrkdwn', text: `*Status*\n${status}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `${mention}${body}`.slice(0, 3000) } },
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
export function webhookBody(n: Notification, ticket: boolean): Record<string, unknown> {
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

/** Delivers one outbox row over its channel. Knows nothing of retries or the database. */
export class ChannelSenders {
  private mailer: Transporter | null = null;

  constructor(
    private readonly config: NotifyConfig,
    private readonly publicUrl: string,
    /** Makes the Acknowledge/Escalate links of a person's email (email-actions); none: emails carry none. */
    private readonly actionLinks: ActionLinkMaker | null = null,
    /** Every webhook, Slack and ticket request goes through it (VIGIL_OUTBOUND_ALLOW); default: nothing private allowed. */
    private readonly outbound: OutboundGuard = new OutboundGuard({ allow: [], timeoutMs: 5000 }),
  ) {}

  async deliver(n: Notification): Promise<DeliveryOutcome> {
    const c = this.config;
    switch (n.channel) {
      case 'SLACK':
        return c.slackWebhookUrl
          ? post(this.outbound, c.slackWebhookUrl, slackMessage(n), n.idempotencyKey)
          : { ok: false, code: null, skipped: 'VIGIL_SLACK_WEBHOOK_URL is not set' };
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
    }
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
