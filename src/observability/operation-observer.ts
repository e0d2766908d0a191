import { randomUUID } from 'node:crypto';
import { type DocumentNode, GraphQLError, getOperationAST, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../graphql/context.ts';
import type { Metrics } from './metrics.ts';

interface OperationLabels {
  type: string;
  /** The first root field: bounded by the schema, unlike client-chosen operation names. */
  field: string;
}

function labelsOf(document: DocumentNode, operationName: string | null | undefined): OperationLabels {
  const operation: OperationDefinitionNode | null | undefined = getOperationAST(document, operationName);
  const first = operation?.selectionSet.selections.find((selection) => selection.kind === 'Field');
  return {
    type: operation?.operation ?? 'unknown',
    field: first?.kind === 'Field' ? first.name.value : 'unknown',
  };
}

function errorCode(error: unknown): string {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return typeof code === 'string' ? code.slice(0, 40) : 'INTERNAL';
}

/**
 * Counts, times and logs every executed operation (HTTP and WebSocket alike, through `getEnveloped`): one log
 * line per operation carrying the request id and an operation id, and the Prometheus operation metrics.
 */
export function observeOperations(metrics: Metrics): Plugin {
  const observe = (
    kind: 'execute' | 'subscribe',
    document: DocumentNode,
    operationName: string | null | undefined,
    context: GraphQLContext,
  ) => {
    const labels = labelsOf(document, operationName);
    const operationId = randomUUID();
    const started = performance.now();
    metrics.operations.inc({ ...labels, transport: context.transport });
    return (errors: readonly unknown[] | undefined) => {
      const seconds = (performance.now() - started) / 1000;
      metrics.operationDuration.observe(labels, seconds);
      for (const error of errors ?? []) metrics.operationErrors.inc({ ...labels, code: errorCode(error) });
      // `context.log` already carries the request id.
      const line = {
        operationId,
        operationType: labels.type,
        field: labels.field,
        transport: context.transport,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
        errors: errors?.length ? errors.map(errorCode) : undefined,
      };
      const message = kind === 'subscribe' ? 'subscription started' : 'operation executed';
      if (errors?.length) context.log.warn(line, message);
      else if (labels.type === 'mutation') context.log.info(line, message);
      else context.log.debug(line, message);
    };
  };
  return {
    onExecute({ args }) {
      const done = observe(
        'execute',
        args.document,
        args.operationName,
        args.contextValue as unknown as GraphQLContext,
      );
      return {
        onExecuteDone({ result }) {
          done('errors' in result ? result.errors : undefined);
        },
      };
    },
    onSubscribe({ args }) {
      const done = observe(
        'subscribe',
        args.document,
        args.operationName,
        args.contextValue as unknown as GraphQLContext,
      );
      return {
        onSubscribeResult({ result }) {
          done('errors' in result ? (result.errors as readonly unknown[] | undefined) : undefined);
        },
        onSubscribeError({ error }) {
          done([error]);
        },
      };
    },
  };
}
