import twilio from 'twilio';
import { plainTitle } from '@vigil/shared';
import { Notification } from '../model/notification.entity';
import { waitingCode } from './reply-codes';

/** SMS segments are 160 GSM characters; a page should fit in two. */
const SMS_LIMIT = 300;

/** The text of a page: incident id, severity, title and the reply code that acknowledges it. */
export function smsText(n: Notification): string {
  const { severity, title } = n.message;
  if (n.kind === 'TEST') return `Vigil test page: this number reaches you. Nothing to acknowledge.`;
  if (n.incidentId === null || severity === null) return `Vigil: ${plainTitle(severity, title)}`.slice(0, SMS_LIMIT);
  const code = waitingCode(n.replyCode);
  const reply = code ? ` Reply ${code} to acknowledge.` : '';
  const head = `Vigil #${n.incidentId} ${severity}: `;
  const room = SMS_LIMIT - head.length - reply.length;
  const text = plainTitle(severity, title);
  const cut = text.length > room - 1 ? `${text.slice(0, room - 2)}…` : text;
  return `${head}${cut}${/[.!?…]$/.test(cut) ? '' : '.'}${reply}`;
}

/** What the call says: the page, then a keypress (1 acknowledges, 2 escalates) posted to the gather callback. */
export function voiceTwiml(n: Notification, gatherUrl: string): string {
  const response = new twilio.twiml.VoiceResponse();
  const { severity, title } = n.message;
  if (n.incidentId === null || severity === null || n.kind !== 'PAGE') {
    response.say(
      n.kind === 'TEST'
        ? 'This is a Vigil test page. This number reaches you. Goodbye.'
        : `This is Vigil. ${plainTitle(severity, title)}. Goodbye.`,
    );
    return response.toString();
  }
  const gather = response.gather({ numDigits: 1, action: gatherUrl, method: 'POST', timeout: 10 });
  const spoken = `This is Vigil. ${severity} incident ${n.incidentId}: ${plainTitle(severity, title)}. Press 1 to acknowledge, 2 to escalate.`;
  gather.say(spoken);
  // Said once more, then the call ends: an unanswered call is the next rule's business.
  response.say('No key was pressed. Goodbye.');
  return response.toString();
}

/** A TwiML answer to an inbound SMS or a keypress: a spoken or texted line, or nothing. */
export function twimlReply(kind: 'sms' | 'voice', text: string | null): string {
  if (kind === 'voice') {
    const r = new twilio.twiml.VoiceResponse();
    if (text) r.say(text);
    return r.toString();
  }
  const r = new twilio.twiml.MessagingResponse();
  if (text) r.message(text);
  return r.toString();
}
