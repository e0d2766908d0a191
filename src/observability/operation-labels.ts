import {
  type DocumentNode,
  type GraphQLSchema,
  getOperationAST,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * The `type` and `field` labels of one GraphQL operation. Every value comes from a fixed set: the operation
 * types, and the root fields of the schema. A name the schema does not define — whatever a client typed as a
 * field, an alias or an operation name — never becomes a label value, so `/metrics` cannot be grown by
 * requests (each distinct label value is a series Prometheus keeps).
 */
export interface OperationLabels {
  /** `query`, `mutation`, `subscription`, or `unknown` when no operation can be picked from the document. */
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  /**
   * The first root field's schema name (aliases are ignored); `(invalid)` for a field the schema does not
   * define at that root or a document that failed validation; `(none)` when only fragments are selected.
   */
  field: string;
}

/** The `field` label of an operation that failed parsing or validation, or names a field the schema lacks. */
const INVALID_FIELD = '(invalid)';
const NO_FIELD = '(none)';

/** Fields every root type has without the schema naming them (introspection). */
const META_FIELDS = new Set(['__typename', '__schema', '__type']);

/** Labels of a document that passed validation, its root field checked against `schema`. */
export function operationLabels(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationLabels {
  const operation: OperationDefinitionNode | null | undefined = getOperationAST(document, operationName);
  if (!operation) return { type: 'unknown', field: INVALID_FIELD };
  const first = operation.selectionSet.selections.find((selection) => selection.kind === 'Field');
  if (first?.kind !== 'Field') return { type: operation.operation, field: NO_FIELD };
  const name = first.name.value;
  const known =
    META_FIELDS.has(name) || schema.getRootType(operation.operation)?.getFields()[name] !== undefined;
  return { type: operation.operation, field: known ? name : INVALID_FIELD };
}

/** Labels of a document refused by validation: its operation type (a fixed set), never its names. */
export function invalidOperationLabels(document: DocumentNode): OperationLabels {
  const operations = document.definitions.filter((definition) => definition.kind === 'OperationDefinition');
  const only = operations.length === 1 ? operations[0] : undefined;
  return { type: only?.operation ?? 'unknown', field: INVALID_FIELD };
}
