import { CHECKLISTS } from '@vigil/shared';
import { gql } from './server';

/** The resolution-verification items (health checks, error rates, performance, user reports), by key. */
export const VERIFICATION_ITEMS = CHECKLISTS.RESOLUTION_VERIFICATION.items.map((i) => i.key);

/**
 * Resolves an incident as a responder would: checks every resolution-verification item (with a line of evidence),
 * then resolves (with `publicMessage` as what customers read, else the neutral line). As the server's admin unless `headers` say otherwise; throws on any GraphQL error. Returns
 * `resolveIncident` with the fields asked for (`id` by default).
 */
export async function resolveVerified(
  url: string,
  id: string | number,
  options: { note?: string | null; publicMessage?: string; headers?: Record<string, string>; fields?: string } = {},
): Promise<Record<string, any>> {
  for (const item of VERIFICATION_ITEMS) {
    const checked = await gql(
      url,
      `mutation($id: ID!, $item: String!) { checkChecklistItem(id: $id, input: { checklist: RESOLUTION_VERIFICATION, item: $item, done: true, evidence: "verified" }) { id } }`,
      { id: String(id), item },
      options.headers,
    );
    if (checked.errors) throw new Error(`checking ${item} on incident ${id}: ${JSON.stringify(checked.errors)}`);
  }
  const resolved = await gql(
    url,
    `mutation($id: ID!, $note: String, $public: String) { resolveIncident(id: $id, input: { note: $note, publicMessage: $public }) { ${options.fields ?? 'id'} } }`,
    { id: String(id), note: options.note ?? null, public: options.publicMessage ?? null },
    options.headers,
  );
  if (resolved.errors) throw new Error(`resolving incident ${id}: ${JSON.stringify(resolved.errors)}`);
  return resolved.data!.resolveIncident;
}
