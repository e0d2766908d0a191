import { randomUUID } from 'node:crypto';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../graphql/context.ts';
import type { Logger } from '../logger.ts';
import { classifyError, type ErrorKind } from './error-taxonomy.ts';
import type { Metrics } from './metrics.ts';
import { invalidOperationLabels, operationLabels } from './operation-labels.ts';
import { currentRequestId } from './request-context.ts';

/** The worst kind first: a line's level follows the worst error it reports. */
const SEVERITY: Record<ErrorKind, number> = { client: 0, unavailable: 1, internal: 2 };

/**
 * Counts, times and logs every executed operation (HTTP and WebSocket alike, through `getEnveloped`): one log
 * line per operation carrying the request id and an operation id, and the Prometheus operation metrics.
 */
export function observeOperations(metrics: Metrics, logger: Logger): Plugin {
  const observe = (
    kind: 'execute' | 'subscribe',
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    context: GraphQLContext,
  ) => {
    const labels = operationLabels(schema, document, operationName);
    const operationId = randomUUID();
    const started = performance.now();
    metrics.operations.inc({ ...labels, transport: context.transport });
    return (errors: readonly unknown[] | undefined) => {
      const seconds = (performance.now() - started) / 1000;
      metrics.operationDuration.observe(labels, seconds);
      const classified = (errors ?? []).map((error) => classifyError(error));
      for (const error of classified) {
        metrics.operationErrors.inc({ ...labels, code: error.code, kind: error.kind });
      }
      // `context.log` already carries the request id.
      const line = {
        operationId,
        operationType: labels.type,
        field: labels.field,
        transport: context.transport,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
        errors: classified.length
          ? classified.map(({ code, kind, field }) => ({ code, kind, ...(field ? { field } : {}) }))
          : undefined,
      };
      const message = kind === 'subscribe' ? 'subscription started' : 'operation executed';
      const worst = classified.reduce((max, error) => Math.max(max, SEVERITY[error.kind]), -1);
      // Faults are logged in full (with the stack) where they are masked; this line ties them to the operation.
      if (worst === SEVERITY.internal) context.log.error(line, message);
      else if (worst >= 0) context.log.warn(line, message);
      else if (labels.type === 'mutation') context.log.info(line, message);
      else context.log.debug(line, message);
    };
  };
  return {
    onValidate({ params, context }) {
      return ({ valid, result }) => {
        if (valid) return;
        // Refused before execution: counted and logged like any client error, under a fixed field label (the
        // names in a document that failed validation are the client's, not the schema's).
        const labels = invalidOperationLabels(params.documentAST);
        const classified = result.map((error) => classifyError(error, 'GRAPHQL_VALIDATION_FAILED'));
        for (const error of classified) {
          metrics.operationErrors.inc({ ...labels, code: error.code, kind: error.kind });
        }
        const requestId = (context as { requestId?: string }).requestId ?? currentRequestId();
        logger.info(
          {
            requestId,
            operationType: labels.type,
            field: labels.field,
            errors: classified.map(({ code, field }) => ({ code, ...(field ? { field } : {}) })),
          },
          'operation refused',
        );
      };
    },
    onExecute({ args }) {
      const done = observe(
        'execute',
        args.schema,
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
        args.schema,
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
