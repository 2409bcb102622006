import { DocumentNode, GraphQLError, GraphQLSchema, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { wallMayRead } from '@vigil/shared';
import { Context } from './context';

const checked = new WeakMap<DocumentNode, readonly GraphQLError[]>();

/**
 * The fields of a document a wall token may not read (shared/src/domain/wall-fields.ts), as FORBIDDEN errors naming
 * each. Introspection is outside the wall's set too. Remembered per parsed document: walls send the same few.
 */
export function wallFieldErrors(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  const known = checked.get(document);
  if (known) return known;
  const typeInfo = new TypeInfo(schema);
  const refused = new Set<string>();
  visit(document, visitWithTypeInfo(typeInfo, {
    // Mutations are refused whole by the credential rule (graphql/authorize.ts), which also audits the attempt.
    OperationDefinition(node) {
      return node.operation === 'mutation' ? false : undefined;
    },
    Field(node) {
      const parent = typeInfo.getParentType();
      if (parent && !wallMayRead(parent.name, node.name.value)) refused.add(`${parent.name}.${node.name.value}`);
    },
  }));
  const errors = [...refused].map((f) => new GraphQLError(`A wall token may not read ${f}: walls see only what a wall shows.`, {
    extensions: { code: 'FORBIDDEN', field: f, credential: 'WALL_TOKEN', rule: 'WALL_FIELDS', http: { status: 403 } },
  }));
  checked.set(document, errors);
  return errors;
}

/** The wall's field set for this caller, or no errors when the caller is not a wall token. */
export function wallFieldErrorsFor(context: Context | undefined, schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  return context?.credential?.kind === 'WALL_TOKEN' ? wallFieldErrors(schema, document) : [];
}
