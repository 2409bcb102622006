import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  OperationTypeNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { wallMayRead } from '@vigil/shared';
import { Context } from './context';

/** The wall's field set check for a caller's document: the errors to refuse it with, or none. */
export type WallFieldCheck = (context: Context | undefined, document: DocumentNode) => readonly GraphQLError[];

/**
 * A wall token may read only the wall's fields (shared/src/domain/wall-fields.ts): every other field of its document
 * is refused with a FORBIDDEN naming it (introspection too). Mutations are left to the credential rule
 * (graphql/authorize.ts), which also audits the attempt. Other callers pass untouched. One checker per schema,
 * used by HTTP and WebSocket alike; it remembers its verdict per parsed document (walls send the same few).
 */
export function wallFieldCheck(schema: GraphQLSchema): WallFieldCheck {
  const checked = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  const errorsOf = (document: DocumentNode): readonly GraphQLError[] => {
    const known = checked.get(document);
    if (known) return known;
    const typeInfo = new TypeInfo(schema);
    const refused = new Set<string>();
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        OperationDefinition(node) {
          return node.operation === OperationTypeNode.MUTATION ? false : undefined;
        },
        Field(node) {
          const parent = typeInfo.getParentType();
          if (parent && !wallMayRead(parent.name, node.name.value)) refused.add(`${parent.name}.${node.name.value}`);
        },
      }),
    );
    const errors = [...refused].map(
      (f) =>
        new GraphQLError(`A wall token may not read ${f}: walls see only what a wall shows.`, {
          extensions: {
            code: 'FORBIDDEN',
            field: f,
            credential: 'WALL_TOKEN',
            rule: 'WALL_FIELDS',
            http: { status: 403 },
          },
        }),
    );
    checked.set(document, errors);
    return errors;
  };
  return (context, document) => (context?.credential?.kind === 'WALL_TOKEN' ? errorsOf(document) : []);
}
