/**
 * How a notification names its incident. The severity prefix ("[P1] ") is the channel's to add, once: a message
 * title is the incident's own title, and rows queued before this rule (whose titles carried the prefix) read the same.
 */
export function plainTitle(severity: string, title: string): string {
  const prefix = `[${severity}] `;
  let plain = title;
  while (plain.startsWith(prefix)) plain = plain.slice(prefix.length);
  return plain;
}

/** "[P1] Checkout down": an email subject or a Slack fallback line. */
export function severitySubject(severity: string, title: string): string {
  return `[${severity}] ${plainTitle(severity, title)}`;
}
