/** What the lanes need of an outbox row: where it goes. */
export interface Routed {
  channel: string;
  address: string | null;
}

/** A share of the sender's slots: rows in the same lane compete for `cap` deliveries in flight at once. */
interface Lane {
  key: string;
  cap: number;
}

/**
 * Slots one provider (Twilio, the SMTP server, the Slack workspace, the push services, all webhooks together) may
 * hold of the sender's 25: a provider that hangs leaves 10 for the others.
 */
export const CHANNEL_CAP = 15;
/**
 * Slots one receiver that somebody else runs (a webhook's origin, a team's Teams webhook) may hold. Each holds a slot
 * for the outbound timeout when it hangs; 4 keep a healthy receiver fed at a few hundred ms per request.
 */
export const DESTINATION_CAP = 4;

/**
 * One mail at a time to a mailbox: a person (or a status page subscriber) reads "Investigating" before "Identified"
 * when both leave in one pass. Rows are claimed in due order, so the next waits until the one before it is recorded.
 */
export const MAILBOX_CAP = 1;

/** SMS and voice go to one provider's API: one lane, so a hanging Twilio holds 15 slots, not 30. */
const PROVIDER: Record<string, string> = { SMS: 'TWILIO', VOICE: 'TWILIO' };

/** Where a WEBHOOK row's requests go: the URL's origin (one server), or the configured URL when it has no address. */
function origin(address: string | null): string {
  if (address === null) return 'default';
  try {
    return new URL(address).origin;
  } catch {
    return address;
  }
}

/**
 * The lanes a row occupies while it is sent: always its provider's, and for a receiver someone else runs (a
 * webhook, a team's Teams channel) that receiver's too. A row is claimed only while every lane of it has room.
 */
export function lanesOf(row: Routed): Lane[] {
  const provider: Lane = { key: PROVIDER[row.channel] ?? row.channel, cap: CHANNEL_CAP };
  if (row.channel === 'WEBHOOK') return [provider, { key: `WEBHOOK ${origin(row.address)}`, cap: DESTINATION_CAP }];
  if (row.channel === 'TEAMS') return [provider, { key: `TEAMS ${row.address ?? 'default'}`, cap: DESTINATION_CAP }];
  if (row.channel === 'EMAIL') return [provider, { key: `EMAIL ${row.address ?? 'default'}`, cap: MAILBOX_CAP }];
  return [provider];
}

/** Deliveries in flight per lane key. */
function laneLoad(rows: readonly Routed[]): Map<string, number> {
  const load = new Map<string, number>();
  for (const row of rows) for (const lane of lanesOf(row)) load.set(lane.key, (load.get(lane.key) ?? 0) + 1);
  return load;
}

/**
 * Of due rows in claim order, the first `room` whose lanes all have room, counting those taken before them: a lane
 * that is full passes its turn to the next row, and its rows stay due for a later claim (never dropped).
 * `leftBehind` says some due row waited for its lane.
 */
export function admitByLane<T extends Routed>(
  due: readonly T[],
  inFlight: readonly Routed[],
  room: number,
): { take: T[]; leftBehind: boolean } {
  const load = laneLoad(inFlight);
  const take: T[] = [];
  let leftBehind = false;
  for (const row of due) {
    if (take.length >= room) break;
    const lanes = lanesOf(row);
    if (lanes.some((l) => (load.get(l.key) ?? 0) >= l.cap)) {
      leftBehind = true;
      continue;
    }
    for (const l of lanes) load.set(l.key, (load.get(l.key) ?? 0) + 1);
    take.push(row);
  }
  return { take, leftBehind };
}

/**
 * What a claim can leave out in SQL: channels whose provider lane is full, and, per full destination lane, the
 * addresses of its rows in flight (an exact address is what SQL can match; the rest is left to admitByLane).
 */
export function fullLanes(inFlight: readonly Routed[]): {
  channels: string[];
  addresses: Array<{ channel: string; addresses: string[]; nullAddress: boolean }>;
} {
  const load = laneLoad(inFlight);
  const full = (l: Lane) => (load.get(l.key) ?? 0) >= l.cap;
  const channels = new Set<string>();
  const byDestination = new Map<string, { channel: string; addresses: Set<string>; nullAddress: boolean }>();
  for (const row of inFlight) {
    const [provider, destination] = lanesOf(row);
    if (full(provider)) channels.add(row.channel);
    if (!destination || !full(destination)) continue;
    const entry = byDestination.get(destination.key) ?? {
      channel: row.channel,
      addresses: new Set<string>(),
      nullAddress: false,
    };
    if (row.address === null) entry.nullAddress = true;
    else entry.addresses.add(row.address);
    byDestination.set(destination.key, entry);
  }
  // SMS and VOICE share a lane: a full Twilio leaves both out.
  for (const [channel, provider] of Object.entries(PROVIDER))
    if ((load.get(provider) ?? 0) >= CHANNEL_CAP) channels.add(channel);
  return {
    channels: [...channels],
    addresses: [...byDestination.values()]
      .filter((e) => !channels.has(e.channel))
      .map((e) => ({ channel: e.channel, addresses: [...e.addresses], nullAddress: e.nullAddress })),
  };
}
