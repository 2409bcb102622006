import { RunbookConfig } from '@vigil/shared';
import { OutboundAllowList } from './outbound-guard';

/**
 * The addresses the operator configured (notification URLs, the runbook file's health checks and webhook steps),
 * checked like a user's when saved: a literal address the guard would refuse is a configuration error that names
 * the setting, rather than a page that silently never leaves. Returns the message, or null when all pass.
 */
export function refusedConfiguredTarget(
  allow: OutboundAllowList,
  notify: { slackWebhookUrl: string | null; webhookUrl: string | null; ticketWebhookUrl: string | null },
  runbooks: RunbookConfig,
): string | null {
  const targets: Array<[string, string | null]> = [
    ['VIGIL_SLACK_WEBHOOK_URL', notify.slackWebhookUrl],
    ['VIGIL_WEBHOOK_URL', notify.webhookUrl],
    ['VIGIL_TICKET_WEBHOOK_URL', notify.ticketWebhookUrl],
  ];
  for (const [name, service] of Object.entries(runbooks.services)) {
    targets.push([`VIGIL_RUNBOOKS_FILE: services.${name}.healthCheckUrl`, service.healthCheckUrl]);
    for (const [action, steps] of Object.entries(service.actions)) {
      (steps ?? []).forEach((step, i) =>
        targets.push([
          `VIGIL_RUNBOOKS_FILE: services.${name}.actions.${action}.steps[${i}].webhook.url`,
          step.webhook?.url ?? null,
        ]),
      );
    }
  }
  for (const [where, url] of targets) {
    const refusal = url === null ? null : allow.literalRefusal(url);
    if (refusal) return `${where} ${refusal}`;
  }
  return null;
}
