import { DeliveryOutcome } from './notify.port';

/** The outbound guard's classified failures that are already one word (outbound/outbound-reason.ts). */
const NETWORK_WORDS: ReadonlySet<string> = new Set([
  'dns',
  'timeout',
  'tls',
  'connection-refused',
  'connection-reset',
  'unreachable',
  'bad-response',
  'network',
]);

/**
 * Why a delivery attempt did not succeed, as one word from a fixed set, for a metric label: never the provider's
 * text, an address or a status number (a label's values must stay few). `none` for a success.
 */
export function deliveryReason(channel: string, outcome: DeliveryOutcome): string {
  if (outcome.ok) return 'none';
  const error = outcome.error ?? '';
  if (error === 'refused-address' || error === 'refused-scheme' || error === 'invalid-url') return 'refused_address';
  const code = outcome.code;
  if (code !== null && code !== undefined) {
    if (channel === 'EMAIL') return code >= 500 ? 'smtp_5xx' : code >= 400 ? 'smtp_4xx' : 'smtp_other';
    if (code === 429) return 'http_429';
    if (code >= 500) return 'http_5xx';
    if (code >= 400) return 'http_4xx';
    if (code >= 300) return 'http_3xx';
  }
  // Skipped without an answer: the channel is not configured, the method cannot be used, the provider said no.
  if (outcome.skipped) return 'unusable';
  if (NETWORK_WORDS.has(error)) return error.replace('-', '_');
  return 'other';
}
