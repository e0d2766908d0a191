import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

/** A GraphQL request over real HTTP. */
export async function request<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
  token?: string,
): Promise<GraphQLResponse<TResult>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<TResult>, 'status'>;
  return { status: response.status, ...body };
}

/** Like `request`, but fails the test on any GraphQL error and returns the data. */
export async function must<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
  token?: string,
): Promise<TResult> {
  const response = await request(url, document, variables, token);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL request failed: ${JSON.stringify(response.errors ?? response)}`);
  }
  return response.data;
}

export function wsClient(httpUrl: string, token?: string): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Values received by one live subscription, with a bounded wait for a condition (never a sleep). */
export class Live<T> {
  readonly values: T[] = [];
  readonly errors: unknown[] = [];
  completed = false;
  #waiters = new Set<() => void>();
  #dispose: () => void = () => {};

  constructor(client: Client, document: TypedDocumentNode<T, unknown>, variables: unknown) {
    this.#dispose = client.subscribe<T>(
      { query: print(document), variables: variables as Record<string, unknown> },
      {
        next: (value) => {
          if (value.errors?.length) this.errors.push(value.errors);
          else if (value.data) this.values.push(value.data as T);
          this.#notify();
        },
        error: (error) => {
          this.errors.push(error);
          this.#notify();
        },
        complete: () => {
          this.completed = true;
          this.#notify();
        },
      },
    );
  }

  #notify(): void {
    for (const waiter of this.#waiters) waiter();
  }

  /** Resolves with the first value matching `predicate` (or the first error), failing after `timeoutMs`. */
  waitFor(predicate: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.values.find(predicate);
        if (found) {
          resolve(found);
          return true;
        }
        if (this.errors.length) {
          reject(new Error(`subscription failed: ${JSON.stringify(this.errors)}`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`timed out; received ${JSON.stringify(this.values.at(-1) ?? null)}`));
      }, timeoutMs);
      const waiter = () => {
        if (check()) {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
        }
      };
      this.#waiters.add(waiter);
    });
  }

  /** Resolves when the subscription ends with an error, returning it. */
  waitForError(timeoutMs = 10_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.errors.length) return resolve(this.errors[0]);
      const timer = setTimeout(() => reject(new Error('timed out waiting for an error')), timeoutMs);
      const waiter = () => {
        if (this.errors.length) {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(this.errors[0]);
        }
      };
      this.#waiters.add(waiter);
    });
  }

  stop(): void {
    this.#dispose();
  }
}

export function live<T, V>(client: Client, document: TypedDocumentNode<T, V>, variables: V): Live<T> {
  return new Live<T>(client, document as TypedDocumentNode<T, unknown>, variables);
}
