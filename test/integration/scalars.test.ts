import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../support/database.ts';
import { postQuery, type RawResponse } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** Each custom scalar accepts its one documented format, as a literal and as a variable, over real HTTP. */

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

async function writes() {
  return queryDatabase(
    stack.database.url,
    `select (select json_agg(s) from settings s) as settings, (select json_agg(d) from discount d) as discounts`,
  );
}

/** The typed refusal of a scalar value, wherever it was written. */
function expectRefused(response: RawResponse, scalar: string, named: RegExp) {
  expect(response.status).toBe(400);
  expect(response.json?.data ?? null).toBeNull();
  const [error] = response.json?.errors ?? [];
  expect(error?.extensions).toMatchObject({ code: 'BAD_INPUT', scalar });
  expect(error?.message).toMatch(named);
  expect(error?.message).toContain(`${scalar} values are`);
}

const SET_TAX = `mutation Set($input: UpdateSettingsInput!) {
  updateSettings(input: $input) { __typename ... on Settings { taxRatePercent } ... on InputError { field } }
}`;

const setTaxLiteral = (literal: string) => `mutation {
  updateSettings(input: { taxRatePercent: ${literal} }) { __typename ... on Settings { taxRatePercent } ... on InputError { field } }
}`;

describe('Decimal', () => {
  it.each([
    ['"0"', '0'],
    ['"12.50"', '12.5'],
    ['"8.875"', '8.875'],
    ['"100"', '100'],
    ['"100.000"', '100'],
    ['"0.5"', '0.5'],
    ['"0.000000000000001"', null],
  ])('accepts the literal %s and the same string as a variable', async (literal, stored) => {
    const expected =
      stored === null ? { __typename: 'InputError', field: 'taxRatePercent' } : { taxRatePercent: stored };
    const fromLiteral = await postQuery(stack.url, setTaxLiteral(literal), undefined, stack.adminToken);
    expect(fromLiteral.json?.errors).toBeUndefined();
    expect(fromLiteral.json?.data).toMatchObject({ updateSettings: expected });
    const variables = { input: { taxRatePercent: JSON.parse(literal) } };
    const fromVariable = await postQuery(stack.url, SET_TAX, variables, stack.adminToken);
    expect(fromVariable.json?.data).toMatchObject({ updateSettings: expected });
  });

  it('passes a well-formed negative to the field, which refuses it with a typed InputError', async () => {
    const response = await postQuery(stack.url, setTaxLiteral('"-1"'), undefined, stack.adminToken);
    expect(response.json?.data).toMatchObject({
      updateSettings: { __typename: 'InputError', field: 'taxRatePercent' },
    });
  });

  const malformed: [label: string, literal: string, variable: unknown][] = [
    ['letters', '"abc"', 'abc'],
    ['an exponent', '"1e5"', '1e5'],
    ['a decimal comma', '"12,50"', '12,50'],
    ['hex', '"0x10"', '0x10'],
    ['two points', '"1.2.3"', '1.2.3'],
    ['empty', '""', ''],
    ['a leading space', '" 1"', ' 1'],
    ['a trailing space', '"1 "', '1 '],
    ['a plus sign', '"+1"', '+1'],
    ['a leading zero', '"01"', '01'],
    ['negative zero', '"-0"', '-0'],
    ['negative zero with decimals', '"-0.00"', '-0.00'],
    ['no integer part', '".5"', '.5'],
    ['no fraction digits', '"5."', '5.'],
    ['full-width digits', '"１２"', '１２'],
    ['digit grouping', '"1_000"', '1_000'],
    ['Infinity', '"Infinity"', 'Infinity'],
    ['NaN', '"NaN"', 'NaN'],
    ['16 integer digits', '"1234567890123456"', '1234567890123456'],
    ['16 fraction digits', '"0.1234567890123456"', '0.1234567890123456'],
    ['a number', '12.5', 12.5],
    ['an integer', '12', 12],
    ['a boolean', 'true', true],
    ['an object', '{ value: "1" }', { value: '1' }],
  ];

  it.each(malformed)(
    'refuses %s as a literal naming the argument, and writes nothing',
    async (_label, literal) => {
      const before = await writes();
      const response = await postQuery(stack.url, setTaxLiteral(literal), undefined, stack.adminToken);
      expectRefused(response, 'Decimal', /Argument "input\.taxRatePercent"/);
      expect(response.json?.errors?.[0]?.extensions).toMatchObject({ field: 'input.taxRatePercent' });
      expect(await writes()).toEqual(before);
    },
  );

  it.each(malformed)(
    'refuses %s as a variable naming it, and writes nothing',
    async (_label, _literal, variable) => {
      const before = await writes();
      const response = await postQuery(
        stack.url,
        SET_TAX,
        { input: { taxRatePercent: variable } },
        stack.adminToken,
      );
      expectRefused(response, 'Decimal', /"\$input".* at "input\.taxRatePercent"/);
      expect(await writes()).toEqual(before);
    },
  );
});

const CREATE_DISCOUNT = `mutation Create($input: CreateDiscountInput!) {
  createDiscount(input: $input) { __typename ... on Discount { validFrom } }
}`;

let serial = 0;
const createDiscountLiteral = (literal: string) => {
  serial += 1;
  return `mutation {
    createDiscount(input: { code: "LIT${serial}", kind: PERCENT, value: "5", validFrom: ${literal} }) {
      __typename ... on Discount { validFrom }
    }
  }`;
};

describe('DateTime', () => {
  it.each([
    ['"2026-11-30T12:00:00Z"', '2026-11-30T12:00:00.000Z'],
    ['"2026-11-30T12:00:00.123Z"', '2026-11-30T12:00:00.123Z'],
    ['"2026-11-30T12:00:00.5Z"', '2026-11-30T12:00:00.500Z'],
    ['"2026-11-30T13:00:00+01:00"', '2026-11-30T12:00:00.000Z'],
    ['"2026-11-30T06:30:00-05:30"', '2026-11-30T12:00:00.000Z'],
    ['"2026-12-01T11:59:59.999+23:59"', '2026-11-30T12:00:59.999Z'],
    ['"2024-02-29T00:00:00Z"', '2024-02-29T00:00:00.000Z'],
    ['"0001-01-01T00:00:00Z"', '0001-01-01T00:00:00.000Z'],
    ['"9999-12-31T23:59:59.999Z"', '9999-12-31T23:59:59.999Z'],
  ])(
    'accepts the literal %s and the same string as a variable, as the instant %s',
    async (literal, instant) => {
      const fromLiteral = await postQuery(
        stack.url,
        createDiscountLiteral(literal),
        undefined,
        stack.adminToken,
      );
      expect(fromLiteral.json?.data).toMatchObject({
        createDiscount: { __typename: 'Discount', validFrom: instant },
      });
      serial += 1;
      const input = { code: `VAR${serial}`, kind: 'PERCENT', value: '5', validFrom: JSON.parse(literal) };
      const fromVariable = await postQuery(stack.url, CREATE_DISCOUNT, { input }, stack.adminToken);
      expect(fromVariable.json?.data).toMatchObject({
        createDiscount: { __typename: 'Discount', validFrom: instant },
      });
    },
  );

  const malformed: [label: string, literal: string, variable: unknown][] = [
    ['a date without time', '"2026-11-30"', '2026-11-30'],
    ['a local time (no offset)', '"2026-11-30T12:00:00"', '2026-11-30T12:00:00'],
    ['a space separator', '"2026-11-30 12:00:00Z"', '2026-11-30 12:00:00Z'],
    ['lower-case t and z', '"2026-11-30t12:00:00z"', '2026-11-30t12:00:00z'],
    ['29 February of a common year', '"2026-02-29T00:00:00Z"', '2026-02-29T00:00:00Z'],
    ['31 April', '"2026-04-31T00:00:00Z"', '2026-04-31T00:00:00Z'],
    ['hour 24', '"2026-11-30T24:00:00Z"', '2026-11-30T24:00:00Z'],
    ['a leap second', '"2026-12-31T23:59:60Z"', '2026-12-31T23:59:60Z'],
    ['month 13', '"2026-13-01T00:00:00Z"', '2026-13-01T00:00:00Z'],
    ['4 fraction digits', '"2026-11-30T12:00:00.1234Z"', '2026-11-30T12:00:00.1234Z'],
    ['no seconds', '"2026-11-30T12:00Z"', '2026-11-30T12:00Z'],
    ['an offset without colon', '"2026-11-30T12:00:00+0100"', '2026-11-30T12:00:00+0100'],
    ['the unknown offset -00:00', '"2026-11-30T12:00:00-00:00"', '2026-11-30T12:00:00-00:00'],
    ['offset hours 24', '"2026-11-30T12:00:00+24:00"', '2026-11-30T12:00:00+24:00'],
    ['year 0000', '"0000-01-01T00:00:00Z"', '0000-01-01T00:00:00Z'],
    ['an expanded year', '"+275760-09-13T00:00:00Z"', '+275760-09-13T00:00:00Z'],
    ['epoch milliseconds as a string', '"1732960000000"', '1732960000000'],
    ['an HTTP date', '"Mon, 30 Nov 2026 12:00:00 GMT"', 'Mon, 30 Nov 2026 12:00:00 GMT'],
    ['empty', '""', ''],
    ['epoch milliseconds as a number', '1732960000000', 1732960000000],
  ];

  it.each(malformed)(
    'refuses %s as a literal naming the argument, and writes nothing',
    async (_label, literal) => {
      const before = await writes();
      const response = await postQuery(
        stack.url,
        createDiscountLiteral(literal),
        undefined,
        stack.adminToken,
      );
      expectRefused(response, 'DateTime', /Argument "input\.validFrom"/);
      expect(response.json?.errors?.[0]?.extensions).toMatchObject({ field: 'input.validFrom' });
      expect(await writes()).toEqual(before);
    },
  );

  it.each(malformed)(
    'refuses %s as a variable naming it, and writes nothing',
    async (_label, _literal, variable) => {
      const before = await writes();
      serial += 1;
      const input = { code: `BAD${serial}`, kind: 'PERCENT', value: '5', validFrom: variable };
      const response = await postQuery(stack.url, CREATE_DISCOUNT, { input }, stack.adminToken);
      expectRefused(response, 'DateTime', /"\$input".* at "input\.validFrom"/);
      expect(await writes()).toEqual(before);
    },
  );

  it('names a bad default value by its variable', async () => {
    const response = await postQuery(
      stack.url,
      `query Orders($after: DateTime = "yesterday") { orders(filter: { createdAfter: $after }) { __typename } }`,
      undefined,
      stack.staffToken,
    );
    expectRefused(response, 'DateTime', /Argument "\$after"/);
  });
});
