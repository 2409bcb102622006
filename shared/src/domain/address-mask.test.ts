import { maskAddress, maskContactDetails, redactAddress } from './address-mask';

describe('masking a paging address', () => {
  it('keeps the last four characters', () => {
    expect(maskAddress('+4915100000001')).toBe('…0001');
  });

  it.each([
    [
      "Twilio refused the call (HTTP 400, error 21211: The 'To' number +4915100000001 is not a valid phone number.)",
      '+4915100000001',
      "Twilio refused the call (HTTP 400, error 21211: The 'To' number …0001 is not a valid phone number.)",
    ],
    ['number 4915100000001 refused', '+4915100000001', 'number …0001 refused'],
    ['mail to Ana@Example.com bounced', 'ana@example.com', 'mail to ….com bounced'],
    ['Slack: user_not_found U616E6140', 'U616E6140', 'Slack: user_not_found …6140'],
    ['nothing to hide (HTTP 500)', '+4915100000001', 'nothing to hide (HTTP 500)'],
    ['no address at all', null, 'no address at all'],
    // Too short to be told from ordinary words and numbers.
    ['code 1234 failed', '1234', 'code 1234 failed'],
  ])('redactAddress(%j, %j) → %j', (text, address, expected) => {
    expect(redactAddress(text, address)).toBe(expected);
  });

  it.each([
    ["The 'To' number +1 555 010 0999 is not valid", "The 'To' number …0999 is not valid"],
    ['number 4915100000001 refused', 'number …0001 refused'],
    ['mailbox ana.personal@example.com full', 'mailbox ….com full'],
    ['POST https://hooks.example.com/ana-secret?x=1 answered 410', 'POST …?x=1 answered 410'],
    // What Vigil writes itself keeps its numbers: error codes, HTTP statuses, durations, dates.
    [
      'Twilio refused the SMS (HTTP 400, error 21211) after 10147 ms at 2026-12-03 (retry in 30 s)',
      'Twilio refused the SMS (HTTP 400, error 21211) after 10147 ms at 2026-12-03 (retry in 30 s)',
    ],
  ])('maskContactDetails(%j) → %j', (text, expected) => {
    expect(maskContactDetails(text)).toBe(expected);
  });
});
