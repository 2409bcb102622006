import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'graphql-ws';
import { GqlResult, adminTokenFor } from './server';

/** The web app's trusted documents as codegen wrote them: `{ "sha256:<hex>": "<document>" }`. */
export const TRUSTED_MANIFEST: Record<string, string> = JSON.parse(
  // From the repository root, as jest and the benchmarks run (the benchmarks are compiled elsewhere).
  fs.readFileSync(path.resolve(process.cwd(), 'web/src/gql/persisted-documents.json'), 'utf8'),
) as Record<string, string>;

/** A trusted document by its operation name: its id (`sha256:<hex>`) and text. */
export function trustedDocument(operationName: string): { id: string; text: string; hex: string } {
  const found = Object.entries(TRUSTED_MANIFEST).find(([, text]) =>
    new RegExp(`(^|[ }])(query|mutation|subscription) ${operationName}[ ({]`).test(text),
  );
  if (!found) throw new Error(`no trusted document named ${operationName}`);
  return { id: found[0], text: found[1], hex: found[0].replace(/^sha256:/, '') };
}

/**
 * A GraphQL request naming a trusted document, as the web app sends it: Apollo's persisted-query extension (the bare
 * hex) by default, or the GraphQL-over-HTTP `documentId`. As the server's admin unless `headers` names an
 * `authorization` (an empty one sends none).
 */
export async function gqlById<T = Record<string, any>>(
  url: string,
  operationName: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  how: 'extension' | 'documentId' = 'extension',
): Promise<GqlResult<T> & { headers: Headers }> {
  const doc = trustedDocument(operationName);
  const token = adminTokenFor(url);
  const auth: Record<string, string> =
    'authorization' in headers ? {} : token ? { authorization: `Bearer ${token}` } : {};
  const sent = Object.fromEntries(Object.entries({ ...auth, ...headers }).filter(([, v]) => v !== ''));
  const body =
    how === 'documentId'
      ? { documentId: doc.id, variables }
      : { operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: doc.hex } } };
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sent },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: T; errors?: GqlResult['errors'] };
  return { status: res.status, data: json.data, errors: json.errors, headers: res.headers };
}

/** The first answer to one operation over graphql-ws: its data, or its errors. By trusted id, or with a text of its own. */
export function wsOnce(
  client: Client,
  request: { operationName: string } | { query: string },
  variables: Record<string, unknown> = {},
): Promise<GqlResult> {
  const payload =
    'operationName' in request
      ? {
          query: '',
          operationName: request.operationName,
          variables,
          extensions: { persistedQuery: { version: 1, sha256Hash: trustedDocument(request.operationName).hex } },
        }
      : { query: request.query, variables };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer over WebSocket')), 10_000);
    const unsubscribe = client.subscribe(payload, {
      next: (r) => {
        clearTimeout(timer);
        unsubscribe();
        resolve({ status: 0, data: (r.data ?? undefined) as never, errors: r.errors as never });
      },
      error: (e) => {
        clearTimeout(timer);
        resolve({ status: 0, errors: (Array.isArray(e) ? e : [e]) as never });
      },
      complete: () => undefined,
    });
  });
}
