import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/observability/error-taxonomy.ts';

/** What the pg driver throws for a refused statement: an Error carrying the SQLSTATE as `code`. */
function postgresError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** As graphql-js hands a resolver's exception to the error masking and the operation observer. */
function fromResolver(error: Error): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, path: ['cancelOrder'] });
}

describe('error taxonomy', () => {
  it.each([
    [
      'a unique violation the ORM raised',
      new UniqueConstraintViolationException(
        postgresError('23505', 'duplicate key value violates unique constraint "payment_key"'),
      ),
    ],
    ['a unique violation straight from the driver', postgresError('23505', 'duplicate key value')],
    ['an exclusion violation', postgresError('23P01', 'conflicting key value violates exclusion constraint')],
  ])('classifies %s as a client CONFLICT, never a fault', (_name, error) => {
    expect(classifyError(fromResolver(error))).toEqual({ kind: 'client', code: 'CONFLICT' });
  });

  it('still classifies a failure it does not recognise as internal', () => {
    expect(classifyError(fromResolver(new TypeError('x is undefined')))).toEqual({
      kind: 'internal',
      code: 'INTERNAL',
    });
  });
});
