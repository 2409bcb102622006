import { DEFAULT_LEASE_MS } from '@vigil/shared';

/** Where notifications go; each channel is optional, and an unconfigured one records its rows as SKIPPED. */
export interface NotifyConfig {
  slackWebhookUrl: string | null;
  /** smtp:// or smtps:// URL for nodemailer, credentials in the userinfo. */
  smtpUrl: string | null;
  emailFrom: string;
  stakeholderEmails: string[];
  webhookUrl: string | null;
  ticketWebhookUrl: string | null;
  /** How often the sender loop wakes; 0 means it never runs by itself (tests drive `runOnce`). */
  senderIntervalMs: number;
  /** How long a claimed notification stays its sender's without renewal (VIGIL_NOTIFY_LEASE_MS). */
  leaseMs: number;
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+$/;

function httpUrl(env: NodeJS.ProcessEnv, name: string, fail: (m: string) => Error): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail(`${name} must be an http:// or https:// URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`${name} must be an http:// or https:// URL.`);
  return url.toString();
}

/** Reads the VIGIL_* notification variables; `fail` builds the error that names the variable. */
export function parseNotifyConfig(env: NodeJS.ProcessEnv, fail: (message: string) => Error): NotifyConfig {
  const smtpRaw = env.VIGIL_SMTP_URL?.trim() || null;
  if (smtpRaw && !/^smtps?:\/\/[^/]+/.test(smtpRaw)) throw fail('VIGIL_SMTP_URL must be an smtp:// or smtps:// URL.');
  const emailFrom = env.VIGIL_EMAIL_FROM?.trim() || 'Vigil <vigil@localhost>';
  const bare = /<([^>]+)>\s*$/.exec(emailFrom)?.[1] ?? emailFrom;
  if (!EMAIL.test(bare)) throw fail('VIGIL_EMAIL_FROM must be an email address, optionally as "Name <address>".');
  const stakeholderEmails = (env.VIGIL_STAKEHOLDER_EMAILS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = stakeholderEmails.find((e) => !EMAIL.test(e));
  if (bad)
    throw fail(`VIGIL_STAKEHOLDER_EMAILS must be a comma-separated list of email addresses; "${bad}" is not one.`);
  const interval = env.VIGIL_NOTIFY_INTERVAL_MS?.trim();
  const senderIntervalMs = interval ? Number(interval) : 1500;
  if (!Number.isInteger(senderIntervalMs) || senderIntervalMs < 0 || senderIntervalMs > 60_000) {
    throw fail(`VIGIL_NOTIFY_INTERVAL_MS must be a whole number from 0 to 60000, got "${interval}".`);
  }
  const leaseRaw = env.VIGIL_NOTIFY_LEASE_MS?.trim();
  const leaseMs = leaseRaw ? Number(leaseRaw) : DEFAULT_LEASE_MS;
  // Under 5 s a slow database round trip could outlast a renewal; over 10 min a dead sender strands pages too long.
  if (!Number.isInteger(leaseMs) || leaseMs < 5_000 || leaseMs > 600_000) {
    throw fail(`VIGIL_NOTIFY_LEASE_MS must be a whole number from 5000 to 600000, got "${leaseRaw}".`);
  }
  return {
    slackWebhookUrl: httpUrl(env, 'VIGIL_SLACK_WEBHOOK_URL', fail),
    smtpUrl: smtpRaw,
    emailFrom,
    stakeholderEmails,
    webhookUrl: httpUrl(env, 'VIGIL_WEBHOOK_URL', fail),
    ticketWebhookUrl: httpUrl(env, 'VIGIL_TICKET_WEBHOOK_URL', fail),
    senderIntervalMs,
    leaseMs,
  };
}
