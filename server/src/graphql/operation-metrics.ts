import { ApolloServerPlugin } from '@apollo/server';
import { GraphqlObserver } from '../observability/metrics';
import { TrustedDocuments } from './trusted-documents';

/**
 * The operation label of a request: a name of one of the web app's trusted documents as it is, any other name
 * 'other', no name 'anonymous'. A caller's own documents cannot add label values (a label per name would let any
 * token holder grow the metrics without bound).
 */
export function operationLabeller(trusted: TrustedDocuments): (name: string | null | undefined) => string {
  const names = new Set(trusted.all().flatMap((d) => (d.operationName ? [d.operationName] : [])));
  return (name) => (!name ? 'anonymous' : names.has(name) ? name : 'other');
}

/** Times every operation Apollo answers: by operation label, type (query, mutation; 'unknown' before parsing) and outcome. */
export function operationMetricsPlugin(
  observe: GraphqlObserver,
  label: (name: string | null | undefined) => string,
): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      let type = 'unknown';
      let name = request.operationName;
      return {
        async didResolveOperation({ operation }) {
          type = operation?.operation ?? type;
          name = operation?.name?.value ?? name;
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          observe.operation(label(name), type, errors?.length ? 'error' : 'ok', seconds);
        },
      };
    },
  };
}
