import { Request, RequestHandler, Response } from 'express';
import { GraphQLError, GraphQLFormattedError, GraphQLSchema, execute } from 'graphql';
import { readScope } from '../db/data-source';
import { Context } from './context';
import { Admission } from './admission';
import { GraphqlObserver } from '../observability/metrics';
import { formatExecutionResult } from './errors';
import { DocumentLookup, TrustedDocument, TrustedDocuments } from './trusted-documents';

/** Where the HTTP middleware leaves what a request's document turned out to be, for the context's policy check. */
export const DOCUMENT_LOOKUP = 'vigilDocument';

export interface DocumentsHttpOptions {
  schema: GraphQLSchema;
  trusted: TrustedDocuments;
  /** The same context Apollo builds (credential, cookie controls); throws GraphQLError with an http status to refuse. */
  context: (req: Request, res: Response) => Promise<Context>;
  admission: Admission;
  production: boolean;
  logError: (e: unknown) => void;
  /** Operation metrics: a trusted document answered here is counted under its own name. */
  metrics?: GraphqlObserver;
}

/** A refusal in GraphQL-over-HTTP's shape: `{ errors: [...] }` with the status the error names (400 by default). */
function refuse(res: Response, errors: readonly GraphQLError[], fallbackStatus = 400): void {
  const status = (errors[0]?.extensions.http as { status?: number } | undefined)?.status ?? fallbackStatus;
  res.status(status).json({ errors: errors.map(publicError) });
}

/** What a client sees of an error: no `http` extension (it became the status), no stack. */
function publicError(e: GraphQLError | GraphQLFormattedError): GraphQLFormattedError {
  const json = e instanceof GraphQLError ? e.toJSON() : e;
  const { http: _status, stacktrace: _stack, ...extensions } = json.extensions ?? {};
  return { ...json, extensions };
}

/**
 * What a GET request sends, for the policy: only its `query` text. Apollo serves GET itself and runs that text
 * whatever id sits beside it (a `documentId` next to a text of the caller's own must not pass for trusted), and it
 * refuses a persisted-query extension, its automatic persisted queries being off.
 */
function getPayload(req: Request): { query?: unknown } {
  return { query: (req.query as Record<string, unknown>).query };
}

/**
 * In front of Apollo on /graphql. A request that names a trusted document (`documentId`, or Apollo's
 * `extensions.persistedQuery.sha256Hash`, or the exact text of one) is answered here from the document parsed and
 * validated at start: no parse, no validation, no Apollo pipeline, the wall-field verdict cached per document; only
 * the cost (which depends on the variables) is counted per request. An unknown id is PERSISTED_QUERY_NOT_FOUND (Apollo's
 * persisted-query link then sends the text). Anything else goes on to Apollo, where the context refuses an untrusted
 * document from a caller held to trusted ones (`trusted.allows`).
 */
export function documentsHttp(options: DocumentsHttpOptions): RequestHandler {
  return (req, res, next) => {
    const body = req.method === 'POST' ? (req.body as Record<string, unknown> | undefined) : undefined;
    const payload = req.method === 'POST' ? body : getPayload(req);
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return next();
    const found: DocumentLookup = options.trusted.lookup(payload);
    res.locals[DOCUMENT_LOOKUP] = found;
    if (found.kind === 'unknown-id') {
      return refuse(res, [
        new GraphQLError(
          'PersistedQueryNotFound: this server has no trusted document with that id (is the web app newer than the server?).',
          {
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', documentId: found.id },
          },
        ),
      ]);
    }
    if (found.kind === 'trusted' && body) {
      runTrusted(found.doc, body, req, res).catch(next);
      return;
    }
    if (body) {
      // Apollo's own automatic persisted queries are off (a client could register anything): the id has been looked
      // at here, and the text goes on alone.
      delete body.documentId;
      const extensions = body.extensions as Record<string, unknown> | undefined;
      if (extensions && typeof extensions === 'object') delete extensions.persistedQuery;
    }
    next();
  };

  async function runTrusted(
    doc: TrustedDocument,
    body: Record<string, unknown>,
    req: Request,
    res: Response,
  ): Promise<void> {
    const variables = body.variables ?? {};
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
      return refuse(res, [new GraphQLError('`variables` must be an object.', { extensions: { code: 'BAD_REQUEST' } })]);
    }
    if (doc.operation === 'subscription') {
      return refuse(res, [
        new GraphQLError('Subscriptions run over WebSocket (graphql-ws on /graphql).', {
          extensions: { code: 'BAD_REQUEST' },
        }),
      ]);
    }
    const started = process.hrtime.bigint();
    const observe = (ok: boolean) =>
      options.metrics?.operation(
        doc.operationName ?? 'anonymous',
        doc.operation,
        ok ? 'ok' : 'error',
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    // Reads take the read pool's connections, never the write pool's (db/data-source.ts).
    const scope = { pool: 'write' as 'read' | 'write' };
    await readScope.run(scope, async () => {
      let context: Context;
      try {
        context = await options.context(req, res);
      } catch (e) {
        observe(false);
        if (e instanceof GraphQLError) return refuse(res, [e], 500);
        throw e;
      }
      const refused = await options.admission(context, {
        document: doc.document,
        variables: variables as Record<string, unknown>,
        operationName: doc.operationName,
      });
      if (refused.length) {
        observe(false);
        return refuse(res, refused);
      }
      scope.pool = doc.operation === 'query' ? 'read' : 'write';
      const result = await execute({
        schema: options.schema,
        document: doc.document,
        variableValues: variables as Record<string, unknown>,
        operationName: doc.operationName,
        contextValue: context,
      });
      const formatted = formatExecutionResult(result, { log: options.logError, hideSuggestions: options.production });
      observe(!formatted.errors?.length);
      // As Apollo answers: errors before execution (a variable that does not fit) are a 400, anything with data a 200.
      res
        .status('data' in result ? 200 : 400)
        .json({ ...formatted, ...(formatted.errors ? { errors: formatted.errors.map(publicError) } : {}) });
    });
  }
}
