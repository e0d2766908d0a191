import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type GraphQLObjectType,
  getOperationAST,
  Kind,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Field extension marking a subscription whose delivered values depend on who is watching only through what
 * they may read (field-level authorization): access to the stream is decided once when subscribing, and every
 * field below it resolves from the event alone.
 */
export const VIEWER_INDEPENDENT_EVENTS = 'viewerIndependentEvents';

type Results = Map<string, Promise<ExecutionResult> | ExecutionResult>;

/**
 * Executes a subscription event once per process for all subscribers with the same operation, variables and
 * audience, instead of once per subscriber. The channel layer hands every subscriber of a channel the same
 * payload object, so results are cached by payload identity (and collected with it). Only operations whose
 * root fields are all marked `viewerIndependentEvents` are shared; every other subscription runs as before.
 *
 * `audienceOf(contextValue)` names what decides the fields a subscriber may read (e.g. its authorization
 * scopes): subscribers share a result only when their audiences are equal, so a field one of them may not read
 * is never sent to it because another subscriber could, and the other way round.
 */
export function useSharedEventResults(options: { audienceOf(contextValue: unknown): string }): Plugin {
  const cache = new WeakMap<object, Results>();
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 0;

  const operationKey = (args: ExecutionArgs): string => {
    let id = documentIds.get(args.document);
    if (id === undefined) {
      id = nextDocumentId++;
      documentIds.set(args.document, id);
    }
    const audience = options.audienceOf(args.contextValue);
    return `${id}\u0000${args.operationName ?? ''}\u0000${audience}\u0000${JSON.stringify(args.variableValues ?? {})}`;
  };

  const executeShared = (args: ExecutionArgs, key: string, payload: unknown) => {
    if (typeof payload !== 'object' || payload === null) return execute({ ...args, rootValue: payload });
    let results = cache.get(payload);
    if (!results) {
      results = new Map();
      cache.set(payload, results);
    }
    let result = results.get(key);
    if (!result) {
      result = execute({ ...args, rootValue: payload });
      results.set(key, result);
    }
    return result;
  };

  return {
    onSubscribe({ args, setSubscribeFn }) {
      if (!eventsAreViewerIndependent(args)) return;
      const key = operationKey(args);
      setSubscribeFn(async (subscribeArgs) => {
        const source = await createSourceEventStream(subscribeArgs);
        if (!isAsyncIterable(source)) return source;
        return mapEvents(source, (payload) => executeShared(subscribeArgs, key, payload));
      });
    },
  };
}

function eventsAreViewerIndependent(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  const root: GraphQLObjectType | null | undefined = args.schema.getSubscriptionType();
  if (operation?.operation !== 'subscription' || !root) return false;
  const fields = root.getFields();
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      selection.name.value !== '__typename' &&
      fields[selection.name.value]?.extensions?.[VIEWER_INDEPENDENT_EVENTS] === true,
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Maps a source stream like graphql-js does: `return()` reaches the source at once (an async generator would
 * only see it after the next event), so unsubscribing releases the channel subscription immediately.
 */
function mapEvents(
  source: AsyncIterable<unknown>,
  map: (payload: unknown) => Promise<ExecutionResult> | ExecutionResult,
): AsyncGenerator<ExecutionResult, void, void> {
  const iterator = source[Symbol.asyncIterator]();
  const mapped: AsyncGenerator<ExecutionResult, void, void> = {
    async next() {
      const step = await iterator.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: await map(step.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
    async [Symbol.asyncDispose]() {
      await iterator.return?.();
    },
  };
  return mapped;
}
