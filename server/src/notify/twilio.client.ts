import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import { TwilioConfig } from './notify.config';
import { DeliveryOutcome } from './notify.port';

import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

/**
 * twilio's client builds every URL on https://api.twilio.com (or a region/edge of it, still Twilio's hosts). Its
 * documented extension point is the `httpClient` option: this one moves each request onto the configured base
 * (VIGIL_TWILIO_API_URL), keeping the path, so a Twilio-compatible provider or a test receiver gets it.
 */
/**
 * What one send learned from Twilio's answer that its RestException drops: the Retry-After header of a 429/503.
 * Kept per send (AsyncLocalStorage) because one client serves concurrent sends.
 */
const answered = new AsyncLocalStorage<{ retryAfter: string | null }>();

class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: URL,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const target = new URL(opts.uri);
    const moved = new URL(this.base.toString());
    moved.pathname = `${this.base.pathname.replace(/\/$/, '')}${target.pathname}`;
    moved.search = target.search;
    const response = await super.request({ ...opts, uri: moved.toString() });
    const seen = answered.getStore();
    const retryAfter = (response.headers as Record<string, unknown> | undefined)?.['retry-after'];
    if (seen && retryAfter !== undefined && retryAfter !== null) seen.retryAfter = String(retryAfter);
    return response;
  }
}

/**
 * Failures that happen before a request can have reached Twilio: nothing was sent, so trying again sends it once.
 * Any other failure without an answer (a timeout, a connection reset) may come after Twilio accepted the text or
 * call, and Twilio's REST API has no idempotency key: sending again could text or ring the person twice.
 */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A status Twilio answered that trying again will not change (bad number, unverified caller id, auth). */
const permanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/** Sends texts and places calls; an outcome for the outbox, never an exception. */
export class TwilioClient {
  private readonly client: twilio.Twilio;

  constructor(
    private readonly config: TwilioConfig,
    timeoutMs = 10_000,
  ) {
    this.client = twilio(config.accountSid, config.authToken, {
      httpClient: new BaseUrlRequestClient(new URL(config.apiUrl), timeoutMs),
      // Retries belong to the outbox (with its backoff, leases and attempt log), not to the client.
      autoRetry: false,
    });
  }

  /** Texts `to`. */
  sms(to: string, body: string): Promise<DeliveryOutcome> {
    return this.outcome('SMS', () => this.client.messages.create({ to, from: this.config.from, body }));
  }

  /** Calls `to` and plays `twiml` (which gathers the keypress). */
  call(to: string, twiml: string): Promise<DeliveryOutcome> {
    return this.outcome('call', () => this.client.calls.create({ to, from: this.config.from, twiml }));
  }

  /** Checks an inbound request's X-Twilio-Signature against the full URL Twilio called and its form fields. */
  validSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean {
    return !!signature && twilio.validateRequest(this.config.authToken, signature, url, params);
  }

  private async outcome(what: string, send: () => Promise<unknown>): Promise<DeliveryOutcome> {
    const seen = { retryAfter: null as string | null };
    try {
      await answered.run(seen, send);
      return { ok: true, code: 201 };
    } catch (e) {
      const err = e as { status?: unknown; code?: unknown; message?: unknown };
      if (typeof err.status === 'number') {
        const detail = `${typeof err.code === 'number' ? `error ${err.code}: ` : ''}${String(err.message ?? '')}`.slice(
          0,
          200,
        );
        // A 4xx is the provider refusing this page: recorded as skipped with its reason, and the rules move on.
        if (permanent(err.status))
          return { ok: false, code: err.status, skipped: `Twilio refused the ${what} (HTTP ${err.status}, ${detail})` };
        // A 429 (or 503) with Retry-After: the outbox waits as long as Twilio asked (capped by its policy).
        return {
          ok: false,
          code: err.status,
          error: `Twilio answered HTTP ${err.status}`,
          retryAfter: seen.retryAfter,
        };
      }
      const code = typeof err.code === 'string' ? err.code : '';
      // The request never left: worth another try with the same row.
      if (NEVER_SENT.has(code))
        return {
          ok: false,
          code: null,
          error: `Twilio could not be reached: ${String(err.message ?? e)}`.slice(0, 300),
        };
      // Sent, and no answer: it may have gone out. Counted as sent (a reply code to it still acknowledges), with the
      // doubt recorded; the person's next step and the escalation ladder carry on if nobody answers.
      return {
        ok: true,
        code: null,
        error:
          `Twilio did not answer (${String(err.message ?? e)}); the ${what} may have been sent, so it is not sent again`.slice(
            0,
            300,
          ),
      };
    }
  }
}
