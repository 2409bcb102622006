/**
 * How a person's paging address (phone number, email, webhook URL, Slack member, push endpoint) is shown to someone
 * who is neither that person nor an admin: its last four characters. Delivery errors are text written by Vigil and
 * by providers (Twilio's 21211 names the number it refused), so they are masked by the same rule.
 */
export const maskAddress = (address: string): string => `…${address.slice(-4)}`;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with every occurrence of `address` replaced by its masked form; a phone number also without its `+`
 * (providers write it either way). What is stored as a delivery's reason, so the number is not kept in a second place.
 */
export function redactAddress(text: string, address: string | null): string {
  if (!address || address.length < 5) return text;
  const forms = [address];
  if (/^\+\d+$/.test(address)) forms.push(address.slice(1));
  const pattern = new RegExp(forms.map(escapeRegExp).join('|'), 'gi');
  return text.replace(pattern, maskAddress(address));
}

/** URLs, email addresses and phone numbers (a `+` and digits, or 7–15 digits in a row), as they appear in errors. */
const CONTACT_DETAILS =
  /\bhttps?:\/\/[^\s'"()<>]+|[^\s@'"()<>,;:]+@[^\s@'"()<>,;:]+\.[a-z]{2,}|\+\d[\d\s-]{5,18}\d|\b\d{7,15}\b/gi;

/**
 * A delivery error as someone other than the addressed person or an admin sees it: any URL, email address or phone
 * number in it (the address itself, or another the provider mentioned) masked to its last four characters.
 */
export const maskContactDetails = (text: string): string =>
  text.replace(CONTACT_DETAILS, (found) => maskAddress(found.replace(/[\s-]/g, '')));
