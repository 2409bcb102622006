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
 * An incident that is not on the status page (`published` false) told customers nothing, whatever its public text.
 */
export function statusUpdateText(
  update: {
    publicStatus: PublicStatus;
    internalMessage?: string | null;
    publicMessage?: string | null;
  },
  published = true,
): string {
  const lines: string[] = [];
  if (update.internalMessage) lines.push(`Internal: ${update.internalMessage}`);
  const word = publicStatusLabel(update.publicStatus);
  if (!update.publicMessage) lines.push('Public: nothing new on the status page.');
  else if (published) lines.push(`Public (status page, ${word}): ${update.publicMessage}`);
  else lines.push(`Public text, not shown (the incident is not on the status page; ${word}): ${update.publicMessage}`);
  return lines.join('\n');
}
