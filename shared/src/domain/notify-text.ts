import { PublicStatus } from './lifecycle';
import { publicStatusLabel } from './statuspage';

/**
 * How a notification names its incident. The severity prefix ("[P1] ") is the channel's to add, once: a message
 * title is the incident's own title, and rows queued before this rule (whose titles carried the prefix) read the same.
 */
export function plainTitle(severity: string | null, title: string): string {
  const prefix = `[${severity}] `;
  let plain = title;
  while (plain.startsWith(prefix)) plain = plain.slice(prefix.length);
  return plain;
}

/** "[P1] Checkout down": an email subject or a Slack fallback line. */
export function severitySubject(severity: string, title: string): string {
  return `[${severity}] ${plainTitle(severity, title)}`;
}

/**
 * A status update as #incidents (and the stakeholders' email) reads it: the internal text, and the public text
 * marked as what customers were told, with its status page word; or that customers were told nothing this time.
 */
export function statusUpdateText(update: {
  publicStatus: PublicStatus;
  internalMessage?: string | null;
  publicMessage?: string | null;
}): string {
  const lines: string[] = [];
  if (update.internalMessage) lines.push(`Internal: ${update.internalMessage}`);
  lines.push(
    update.publicMessage
      ? `Public (status page, ${publicStatusLabel(update.publicStatus)}): ${update.publicMessage}`
      : 'Public: nothing new on the status page.',
  );
  return lines.join('\n');
}
