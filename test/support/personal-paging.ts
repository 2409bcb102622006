import crypto from 'node:crypto';
import { ReceivedRequest } from './receivers';

/** The GraphQL a person uses to set up their own paging (issue 18), as the tests call it. */
export const PAGING_DOCUMENTS = {
  addContactMethod: `mutation($u: ID!, $k: ContactKind!, $a: String!) {
  addContactMethod(userId: $u, kind: $k, address: $a) { id kind address verified verificationNote } }`,
  verifyContactMethod: `mutation($id: ID!, $c: String!) { verifyContactMethod(id: $id, code: $c) { id verified } }`,
  setNotificationRules: `mutation($u: Urgency!, $s: [NotificationStepInput!]!) {
  setNotificationRules(urgency: $u, steps: $s) { contactMethodId delayMinutes } }`,
};

/**
 * X-Twilio-Signature as Twilio computes it (its security docs): HMAC-SHA1 with the auth token over the full URL
 * followed by each form field's name and value, names sorted; written out here rather than taken from the package
 * the server checks it with.
 */
export function twilioSignature(token: string, url: string, params: Record<string, string>): string {
  const fields = Object.keys(params)
    .sort()
    .map((k) => k + params[k])
    .join('');
  return crypto
    .createHmac('sha1', token)
    .update(url + fields)
    .digest('base64');
}

/** Twilio's answer to a text or call it queued. */
export const twilioAccepted = (r: ReceivedRequest) => ({
  status: 201,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ sid: r.path.endsWith('/Calls.json') ? 'CA1' : 'SM1' }),
});

/** The form fields of a request the Twilio client sent. */
export const twilioForm = (r: ReceivedRequest): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(String(r.body)));
