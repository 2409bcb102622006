import { NotifyConfig } from '../../server/src/notify/notify.config';

/**
 * A server's notification settings with every channel off and the sender run by hand (`notifications.runOnce()`,
 * no timer); a test turns on the channels it is about.
 */
export function quietNotify(channels: Partial<NotifyConfig> = {}): NotifyConfig {
  return {
    slackWebhookUrl: null,
    smtpUrl: null,
    emailFrom: 'Vigil <vigil@example.com>',
    stakeholderEmails: [],
    webhookUrl: null,
    ticketWebhookUrl: null,
    senderIntervalMs: 0,
    leaseMs: 30_000,
    twilio: null,
    slackBot: null,
    teamsWebhookUrl: null,
    ...channels,
  };
}
