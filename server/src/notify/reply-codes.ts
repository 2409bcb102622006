/**
 * A page's SMS reply code (and a call's one-time keypress token) waits in `notification.replyCode` while the page
 * waits. Once used or answered it is kept as spent (`~` and the code), never reused: a late reply with it is told
 * the page was already answered instead of being counted as a wrong code against the number.
 */
const SPENT = '~';

/** The column's value for a code that was used, or whose page was answered. */
export const spentCode = (code: string): string => (code.startsWith(SPENT) ? code : `${SPENT}${code}`);

/** The code a row still waits with; null when it has none or it was spent. */
export const waitingCode = (value: string | null): string | null =>
  value === null || value.startsWith(SPENT) ? null : value;
