import { LogLevel, WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { slackErrorVerdict } from '@vigil/shared';
import { SlackBotConfig } from './notify.config';
import { DeliveryOutcome } from './notify.port';

/** A Slack message: the text notifications and screen readers show, and its Block Kit blocks. */
export interface SlackPost {
  text: string;
  blocks?: unknown[];
}

/** A Web API call that did not succeed, classified: Slack refused (skip, with the error word) or try again. */
export class SlackCallError extends Error {
  constructor(
    readonly outcome: DeliveryOutcome,
    /** Slack's error word (`channel_not_found`, `name_taken`, …); null when Slack did not answer with one. */
    readonly slackError: string | null,
  ) {
    super(outcome.skipped ?? outcome.error ?? 'Slack call failed');
  }
}

/**
 * Slack's Web API as the app's bot, through Slack's own client (`@slack/web-api`): the base URL is configurable
 * (VIGIL_SLACK_API_URL, a test receiver in tests), the token goes as `Authorization: Bearer`. The client's own
 * retries are off: retries belong to the outbox, with its backoff, leases and attempt log.
 */
export class SlackBot {
  private readonly client: WebClient;

  constructor(
    readonly config: SlackBotConfig,
    timeoutMs = 10_000,
  ) {
    this.client = new WebClient(config.token, {
      slackApiUrl: config.apiUrl,
      timeout: timeoutMs,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      // Each failure is recorded on its outbox row; the client's warnings would only repeat it in the log.
      logLevel: LogLevel.ERROR,
      // A method name is never an absolute URL here; nothing may move the calls off the configured base.
      allowAbsoluteUrls: false,
    });
  }

  /** chat.postMessage to a channel id, or to a member id (Slack opens the bot's direct message with them). */
  async post(channel: string, message: SlackPost, what = 'message'): Promise<DeliveryOutcome> {
    try {
      await this.call(() =>
        this.client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks as never } : {}),
          unfurl_links: false,
        }),
      );
      return { ok: true, code: 200 };
    } catch (e) {
      if (e instanceof SlackCallError) return withWhat(e.outcome, what);
      throw e;
    }
  }

  /** users.lookupByEmail: the member id of the workspace member with this email, or null when there is none. */
  async memberIdByEmail(email: string): Promise<string | null> {
    try {
      const res = await this.call(() => this.client.users.lookupByEmail({ email }));
      return res.user?.id ?? null;
    } catch (e) {
      if (e instanceof SlackCallError && e.slackError === 'users_not_found') return null;
      throw e;
    }
  }

  /**
   * conversations.create for a private channel; when the name is taken (a create that succeeded before the process
   * died, or another replica's), the channel of that name the bot can see is the one (conversations.list).
   */
  async createChannel(name: string): Promise<string> {
    try {
      const res = await this.call(() => this.client.conversations.create({ name, is_private: true }));
      if (res.channel?.id) return res.channel.id;
      throw new SlackCallError({ ok: false, code: 200, error: 'Slack created no channel id' }, null);
    } catch (e) {
      if (!(e instanceof SlackCallError) || e.slackError !== 'name_taken') throw e;
      const found = await this.findChannel(name);
      if (found) return found;
      // Taken by a channel the bot is not in (someone made it by hand): nothing to post to.
      throw new SlackCallError(
        {
          ok: false,
          code: 200,
          skipped: `Slack refused to create #${name} (name_taken by a channel the bot is not in)`,
        },
        'name_taken',
      );
    }
  }

  /** conversations.invite; people already in the channel are fine. */
  async invite(channel: string, users: string[]): Promise<void> {
    try {
      await this.call(() => this.client.conversations.invite({ channel, users: users.join(','), force: true }));
    } catch (e) {
      if (e instanceof SlackCallError && e.slackError === 'already_in_channel') return;
      throw e;
    }
  }

  private async findChannel(name: string): Promise<string | null> {
    let cursor: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.conversations.list({
          // Vigil makes private channels only: one listing needs groups:read, not channels:read as well.
          types: 'private_channel',
          exclude_archived: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const hit = page.channels?.find((c) => c.name === name);
      if (hit?.id) return hit.id;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
  }

  /** Runs one Web API call; what it throws becomes a SlackCallError with a delivery outcome. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw new SlackCallError(classify(e), e instanceof WebAPIPlatformError ? e.data.error : null);
    }
  }
}

/** Slack refused (4xx-like: skipped with its word) or Slack had trouble (429, 5xx, no answer: try again). */
function classify(e: unknown): DeliveryOutcome {
  if (e instanceof WebAPIPlatformError) {
    const word = e.data.error;
    return slackErrorVerdict(word) === 'SKIP'
      ? { ok: false, code: 200, skipped: `Slack refused (${word})` }
      : { ok: false, code: 503, error: `Slack answered ${word}` };
  }
  if (e instanceof WebAPIRateLimitedError)
    return { ok: false, code: 429, retryAfter: String(e.retryAfter), error: 'Slack answered ratelimited' };
  if (e instanceof WebAPIHTTPError) {
    const s = e.statusCode;
    if (s >= 400 && s < 500 && s !== 408 && s !== 429)
      return { ok: false, code: s, skipped: `Slack refused (HTTP ${s})` };
    return { ok: false, code: s, error: `Slack answered HTTP ${s}` };
  }
  // No answer (refused, reset, timed out): the same row is tried again.
  const err = e as { original?: { message?: string }; message?: string };
  return {
    ok: false,
    code: null,
    error: `Slack did not answer: ${err.original?.message ?? err.message ?? 'unknown'}`.slice(0, 300),
  };
}

/** Names what was refused, so a person's list says "the direct message", "the verification code", … */
function withWhat(outcome: DeliveryOutcome, what: string): DeliveryOutcome {
  return outcome.skipped
    ? { ...outcome, skipped: outcome.skipped.replace('Slack refused', `Slack refused the ${what}`) }
    : outcome;
}
