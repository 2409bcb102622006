import crypto from 'node:crypto';
import fs from 'node:fs';
import {
  DocumentNode,
  GraphQLSchema,
  OperationTypeNode,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { CredentialKind, mayRunArbitraryDocuments } from '@vigil/shared';
import { GraphqlProtection, PARSE_OPTIONS } from './limits';

/** A web document the server trusts: parsed and validated once, at start. */
export interface TrustedDocument {
  /** `sha256:<hex>` of `text`, as codegen wrote it. */
  id: string;
  text: string;
  document: DocumentNode;
  operationName: string | null;
  operation: OperationTypeNode;
}

/** Whether browser sessions, wall tokens and anonymous callers are held to trusted documents (VIGIL_TRUSTED_DOCUMENTS). */
export type TrustedDocumentsMode = 'require' | 'optional';

/** What a request named or sent: the trusted document it resolves to, or why it does not. */
export type DocumentLookup =
  | { kind: 'trusted'; doc: TrustedDocument }
  | { kind: 'text'; query: string }
  | { kind: 'unknown-id'; id: string }
  | { kind: 'none' };

export interface TrustedDocuments {
  readonly mode: TrustedDocumentsMode;
  readonly size: number;
  byId(id: string): TrustedDocument | undefined;
  /** Finds what a GraphQL-over-HTTP body or a graphql-ws payload names: `documentId` (`sha256:<hex>`), Apollo's `extensions.persistedQuery.sha256Hash`, or the full text of a registered document. */
  lookup(payload: { query?: unknown; documentId?: unknown; extensions?: unknown }): DocumentLookup;
  /** Whether a caller of this credential kind may run `lookup`'s result. */
  allows(kind: CredentialKind, found: DocumentLookup): boolean;
  all(): TrustedDocument[];
}

const sha256 = (text: string) => `sha256:${crypto.createHash('sha256').update(text).digest('hex')}`;

/** `sha256:<hex>` or a bare hex digest (Apollo's persisted-query link sends the bare one). */
function normaliseId(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const id = raw.trim().toLowerCase();
  if (/^sha256:[0-9a-f]{64}$/.test(id)) return id;
  if (/^[0-9a-f]{64}$/.test(id)) return `sha256:${id}`;
  return null;
}

/** The id a payload names, if any: the GraphQL-over-HTTP `documentId`, else Apollo's persisted-query extension. */
function namedId(payload: { documentId?: unknown; extensions?: unknown }): { present: boolean; id: string | null } {
  if (payload.documentId !== undefined && payload.documentId !== null)
    return { present: true, id: normaliseId(payload.documentId) };
  const pq = (payload.extensions as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  if (pq && typeof pq === 'object') return { present: true, id: normaliseId(pq.sha256Hash) };
  return { present: false, id: null };
}

/**
 * Loads the web app's trusted documents (codegen's persisted-documents.json, `{ "sha256:<hex>": "<document>" }`),
 * checking each hash and validating each document against the schema with the same limits as any request: a
 * manifest that does not match this server's schema stops the server at start rather than failing in a browser.
 */
export function loadTrustedDocuments(
  source: string | Record<string, string> | null,
  schema: GraphQLSchema,
  protection: GraphqlProtection,
  mode: TrustedDocumentsMode,
): TrustedDocuments {
  const manifest: Record<string, string> =
    typeof source === 'string'
      ? (JSON.parse(fs.readFileSync(source, 'utf8')) as Record<string, string>)
      : (source ?? {});
  const docs = new Map<string, TrustedDocument>();
  for (const [rawId, text] of Object.entries(manifest)) {
    const id = normaliseId(rawId);
    if (!id || typeof text !== 'string' || sha256(text) !== id)
      throw new Error(`Trusted documents: "${rawId}" is not the sha256 of its document.`);
    const document = parse(text, PARSE_OPTIONS);
    const errors = validate(schema, document, [...specifiedRules, ...protection.validationRules]);
    if (errors.length)
      throw new Error(
        `Trusted document ${id} does not validate against this schema: ${errors[0].message} (run npm run codegen -w @vigil/web).`,
      );
    const operation = getOperationAST(document);
    if (!operation) throw new Error(`Trusted document ${id} must hold exactly one operation.`);
    docs.set(id, { id, text, document, operationName: operation.name?.value ?? null, operation: operation.operation });
  }
  return {
    mode,
    size: docs.size,
    byId: (id) => docs.get(id),
    all: () => [...docs.values()],
    lookup(payload) {
      const named = namedId(payload);
      if (named.present) {
        const doc = named.id ? docs.get(named.id) : undefined;
        // The id wins over any text sent beside it: what runs is what was registered.
        if (doc) return { kind: 'trusted', doc };
        if (typeof payload.query === 'string' && payload.query.trim()) return lookupText(payload.query);
        return { kind: 'unknown-id', id: String(named.id ?? 'malformed') };
      }
      if (typeof payload.query === 'string' && payload.query) return lookupText(payload.query);
      return { kind: 'none' };
    },
    allows(kind, found) {
      if (found.kind === 'trusted') return true;
      return mode === 'optional' || mayRunArbitraryDocuments(kind);
    },
  };

  function lookupText(query: string): DocumentLookup {
    // Sending the exact text of a trusted document is as good as naming it (hashed only when it could be one).
    const doc = query.length <= 20_000 ? docs.get(sha256(query)) : undefined;
    return doc ? { kind: 'trusted', doc } : { kind: 'text', query };
  }
}
