import { type ASTNode, GraphQLError, Kind, type ValidationContext, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Bounds that hold for every input value, whatever field it is for: checked once at the GraphQL layer (HTTP and
 * WebSocket alike) instead of in each resolver, so no field can forget them.
 *
 * - No string may contain U+0000. PostgreSQL's `text` cannot store it (SQLSTATE 22021), and a value that can never
 *   be stored is the client's mistake: a typed `BAD_INPUT` naming the field, not a database outage.
 * - No string may be longer than the longest any field takes (`maxStringLength`, see `maxTextInputLength`). Each
 *   service bounds its own fields more tightly; this bound holds also for a field no service reads, a scalar
 *   before it is parsed, or a field added later and forgotten.
 * - `variables` are bounded in depth and in number of values like the document itself (MAX_TOKENS): a deeply
 *   nested value would otherwise overflow the stack of whatever walks it recursively (coercion, hashing, logging).
 */

/** A client's input broke a bound that holds for every field; `field` is the dotted path to the value. */
function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_INPUT', field, http: { status: 400 } } });
}

const NUL = '\u0000';
const nulMessage = (field: string) => `${field} must not contain the NUL character (U+0000)`;
const lengthMessage = (field: string, max: number) => `${field} must be at most ${max} characters`;

/** Why a string input cannot be taken, or undefined when it can. */
function stringProblem(value: string, maxLength: number): 'nul' | 'length' | undefined {
  if (value.length > maxLength) return 'length';
  return value.includes(NUL) ? 'nul' : undefined;
}

/** The argument and input-object field names from the operation root down to `ancestors`' last node. */
function inputPath(ancestors: readonly (ASTNode | readonly ASTNode[])[]): string {
  const names: string[] = [];
  for (const ancestor of ancestors) {
    if (Array.isArray(ancestor)) continue;
    const node = ancestor as ASTNode;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) names.push(node.name.value);
    else if (node.kind === Kind.FIELD || node.kind === Kind.DIRECTIVE) names.length = 0;
  }
  return names.join('.');
}

/** Validation rule: a string literal in the document (an argument or input field value) is a string we take. */
function boundedStringLiterals(maxStringLength: number): ValidationRule {
  return (context: ValidationContext) => ({
    StringValue(node, _key, parent, _path, ancestors) {
      const problem = stringProblem(node.value, maxStringLength);
      if (!problem) return;
      const owner = parent && !Array.isArray(parent) ? [parent as ASTNode] : [];
      const field = inputPath([...ancestors, ...owner]) || 'value';
      const message = problem === 'nul' ? nulMessage(field) : lengthMessage(field, maxStringLength);
      context.reportError(badInput(field, message));
    },
  });
}

export interface VariableBounds {
  /** Deepest nesting of lists and objects inside one variable's value (a scalar at the top is depth 0). */
  maxDepth: number;
  /** Most values (scalars, lists and objects) in all variables together. */
  maxValues: number;
  /** Longest string, in UTF-16 code units (what `String.length` counts; never fewer than the characters). */
  maxStringLength: number;
}

/** A variable value broke a bound; `limit` names the environment variable that sets it. */
interface VariableProblem {
  kind: 'nul' | 'length' | 'depth' | 'values';
  /** Dotted path from the variable name (`input.items.0.notes`). */
  field: string;
}

/**
 * Walks `variables` without recursion (its nesting is the client's choice) and reports the first bound broken:
 * a string containing U+0000 or longer than `maxStringLength`, nesting beyond `maxDepth`, or more than
 * `maxValues` values in all.
 */
function checkVariables(variables: unknown, bounds: VariableBounds): VariableProblem | undefined {
  if (variables === null || typeof variables !== 'object') return undefined;
  const pending: { value: unknown; path: string; depth: number }[] = Object.entries(variables).map(
    ([name, value]) => ({ value, path: name, depth: 0 }),
  );
  let values = 0;
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (++values > bounds.maxValues) return { kind: 'values', field: item.path };
    const { value, path, depth } = item;
    if (typeof value === 'string') {
      const problem = stringProblem(value, bounds.maxStringLength);
      if (problem) return { kind: problem, field: path };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= bounds.maxDepth) return { kind: 'depth', field: path };
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, child] of entries)
      pending.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
  }
  return undefined;
}

/** The client-facing error for a variable problem (names the field and, for limits, the variable setting it). */
function variableProblemError(problem: VariableProblem, bounds: VariableBounds): GraphQLError {
  const field = problem.field;
  switch (problem.kind) {
    case 'nul':
      return badInput(field, nulMessage(field));
    case 'length':
      return badInput(field, lengthMessage(field, bounds.maxStringLength));
    case 'depth':
      return new GraphQLError(
        `variables nest deeper than ${bounds.maxDepth} levels at ${field} (MAX_VARIABLES_DEPTH=${bounds.maxDepth})`,
        {
          extensions: { code: 'LIMIT_EXCEEDED', limit: 'MAX_VARIABLES_DEPTH', field, http: { status: 400 } },
        },
      );
    case 'values':
      return new GraphQLError(
        `variables hold more than ${bounds.maxValues} values (MAX_VARIABLES_VALUES=${bounds.maxValues})`,
        { extensions: { code: 'LIMIT_EXCEEDED', limit: 'MAX_VARIABLES_VALUES', http: { status: 400 } } },
      );
  }
}

/**
 * The envelop plugin applying these bounds to every operation: the literal rule in validation, the variable walk
 * before execution or subscription (and so before anything else walks the variables). Over the bound the operation
 * answers one error and does not run; the socket or connection stays open.
 */
export function boundedInputs(bounds: VariableBounds, onRejected: (error: GraphQLError) => void): Plugin {
  const rejection = (variables: unknown): GraphQLError | undefined => {
    const problem = checkVariables(variables, bounds);
    if (!problem) return undefined;
    const error = variableProblemError(problem, bounds);
    onRejected(error);
    return error;
  };
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(boundedStringLiterals(bounds.maxStringLength));
    },
    onExecute({ args, setResultAndStopExecution }) {
      const error = rejection(args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = rejection(args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
