import { DEFAULT_LEASE_MS, Severity, isSeverity } from '@vigil/shared';

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
  /** SMS and voice through Twilio's REST API (or a Twilio-compatible one); null when not configured. */
  twilio?: TwilioConfig | null;
  /** Slack through a bot token: direct messages to people, incident channels; null: the incoming webhook only. */
  slackBot?: SlackBotConfig | null;
  /** VIGIL_TEAMS_WEBHOOK_URL: the Microsoft Teams channel every team without its own webhook posts to. */
  teamsWebhookUrl?: string | null;
  /** Web Push's VAPID identity; keys null: generated once and kept in the database. */
  webPush?: WebPushConfig;
}

interface WebPushConfig {
  /** VIGIL_VAPID_SUBJECT: a mailto: or https: URL push services may contact; default mailto: the sender address. */
  subject: string;
  /** VIGIL_VAPID_PUBLIC_KEY and VIGIL_VAPID_PRIVATE_KEY (base64url, as `npx web-push generate-vapid-keys` prints). */
  keys: { publicKey: string; privateKey: string } | null;
}

/** Both keys or neither; the subject a URL push services accept. */
function parseWebPush(env: NodeJS.ProcessEnv, emailFrom: string, fail: (m: string) => Error): WebPushConfig {
  const bare = /<([^>]+)>\s*$/.exec(emailFrom)?.[1] ?? emailFrom;
  const subject = env.VIGIL_VAPID_SUBJECT?.trim() || `mailto:${bare}`;
  if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s/]+.*)$/.test(subject))
    throw fail('VIGIL_VAPID_SUBJECT must be a mailto: address or an https:// URL (RFC 8292).');
  const publicKey = env.VIGIL_VAPID_PUBLIC_KEY?.trim() || '';
  const privateKey = env.VIGIL_VAPID_PRIVATE_KEY?.trim() || '';
  if (!publicKey && !privateKey) return { subject, keys: null };
  if (!publicKey || !privateKey)
    throw fail('VIGIL_VAPID_PUBLIC_KEY and VIGIL_VAPID_PRIVATE_KEY must be set together (or neither: generated).');
  if (!/^B[A-Za-z0-9_-]{86}$/.test(publicKey))
    throw fail('VIGIL_VAPID_PUBLIC_KEY must be a P-256 public key: 65 bytes in base64url (87 characters).');
  if (!/^[A-Za-z0-9_-]{43}$/.test(privateKey))
    throw fail('VIGIL_VAPID_PRIVATE_KEY must be a P-256 private key: 32 bytes in base64url (43 characters).');
  return { subject, keys: { publicKey, privateKey } };
}

export interface SlackBotConfig {
  /** VIGIL_SLACK_BOT_TOKEN: the app's bot token (xoxb-…), sent as `Authorization: Bearer`. */
  token: string;
  /** VIGIL_SLACK_API_URL: where the Web API is; default https://slack.com/api/. */
  apiUrl: string;
  /** VIGIL_SLACK_CHANNEL: a channel id the #incidents posts go to through the bot when no webhook URL is set. */
  channel: string | null;
  /** VIGIL_SLACK_INCIDENT_CHANNELS: the least severe severity that gets its own channel (P1: P0 and P1); null: none. */
  incidentChannels: Severity | null;
}

export interface TwilioConfig {
  /** VIGIL_TWILIO_API_URL: where the REST API is; default https://api.twilio.com. */
  apiUrl: string;
  /** VIGIL_TWILIO_ACCOUNT_SID and VIGIL_TWILIO_AUTH_TOKEN: Basic auth, and the key of inbound signatures. */
  accountSid: string;
  authToken: string;
  /** VIGIL_TWILIO_FROM: the number texts and calls come from, E.164. */
  from: string;
  /** How long a text or call request may take before it counts as unanswered; 10 s (tests shorten it). */
  timeoutMs?: number;
}

/** All of SID, token and number, or none of them: half a configuration is a mistake worth refusing at start. */
function parseTwilio(env: NodeJS.ProcessEnv, fail: (m: string) => Error): TwilioConfig | null {
  const accountSid = env.VIGIL_TWILIO_ACCOUNT_SID?.trim() || '';
  const authToken = env.VIGIL_TWILIO_AUTH_TOKEN?.trim() || '';
  const from = env.VIGIL_TWILIO_FROM?.trim() || '';
  if (!accountSid && !authToken && !from) return null;
  if (!accountSid || !authToken || !from)
    throw fail('VIGIL_TWILIO_ACCOUNT_SID, VIGIL_TWILIO_AUTH_TOKEN and VIGIL_TWILIO_FROM must be set together.');
  if (!/^\+[1-9]\d{6,14}$/.test(from)) throw fail('VIGIL_TWILIO_FROM must be a phone number in E.164 (+14155550100).');
  const apiUrl = httpUrl(env, 'VIGIL_TWILIO_API_URL', fail) ?? 'https://api.twilio.com/';
  return { apiUrl, accountSid, authToken, from };
}

/** The bot token and its options; the options without a token are a mistake worth refusing at start. */
function parseSlackBot(env: NodeJS.ProcessEnv, fail: (m: string) => Error): SlackBotConfig | null {
  const token = env.VIGIL_SLACK_BOT_TOKEN?.trim() || '';
  const channel = env.VIGIL_SLACK_CHANNEL?.trim() || null;
  const channelsRaw = env.VIGIL_SLACK_INCIDENT_CHANNELS?.trim() || '';
  if (!token) {
    if (channel || channelsRaw)
      throw fail('VIGIL_SLACK_CHANNEL and VIGIL_SLACK_INCIDENT_CHANNELS need VIGIL_SLACK_BOT_TOKEN.');
    return null;
  }
  if (!/^xox[bp]-[A-Za-z0-9-]+$/.test(token)) throw fail('VIGIL_SLACK_BOT_TOKEN must be a Slack bot token (xoxb-…).');
  if (channel && !/^[CGD][A-Z0-9]{2,30}$/.test(channel))
    throw fail('VIGIL_SLACK_CHANNEL must be a Slack channel id such as C024BE91L (not its #name).');
  const off = channelsRaw === '' || channelsRaw.toLowerCase() === 'off';
  if (!off && !isSeverity(channelsRaw))
    throw fail(`VIGIL_SLACK_INCIDENT_CHANNELS must be off or a severity P0 to P3, got "${channelsRaw}".`);
  const apiUrl = httpUrl(env, 'VIGIL_SLACK_API_URL', fail) ?? 'https://slack.com/api/';
  return {
    token,
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    channel,
    incidentChannels: off ? null : (channelsRaw as Severity),
  };
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
    twilio: parseTwilio(env, fail),
    slackBot: parseSlackBot(env, fail),
    teamsWebhookUrl: httpUrl(env, 'VIGIL_TEAMS_WEBHOOK_URL', fail),
    webPush: parseWebPush(env, emailFrom, fail),
  };
}
