import { type ASTNode, BREAK, GraphQLError, Kind, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ScalarInputError } from './scalars.ts';

/**
 * The argument (and input fields) that hold `target` in `document`, e.g. `input.amount`; `$name` for a
 * variable's default value.
 */
function argumentPath(document: ASTNode, target: ASTNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    enter(node, _key, parent, _path, ancestors) {
      if (node !== target) return undefined;
      const names: string[] = [];
      // `ancestors` stops short of the direct parent (the ObjectField or Argument of a value).
      for (const ancestor of [...ancestors, parent, node]) {
        if (!ancestor) continue;
        if (Array.isArray(ancestor)) continue;
        const step = ancestor as ASTNode;
        if (step.kind === Kind.VARIABLE_DEFINITION)
          names.splice(0, names.length, `$${step.variable.name.value}`);
        else if (step.kind === Kind.FIELD || step.kind === Kind.DIRECTIVE) names.length = 0;
        else if (step.kind === Kind.ARGUMENT || step.kind === Kind.OBJECT_FIELD) names.push(step.name.value);
      }
      found = names.join('.');
      return BREAK;
    },
  });
  return found || undefined;
}

/**
 * graphql-js reports a literal its scalar refused without saying where it stands; this names the argument
 * path in the message and in `extensions.field`, like every other rejected input. (A refused variable is
 * already named by graphql-js: `Variable "$input" got invalid value … at "input.amount"`.)
 */
export function nameScalarArguments(): Plugin {
  return {
    onValidate({ params }) {
      return ({ result, setResult }) => {
        if (!result.some((error) => error instanceof ScalarInputError)) return;
        setResult(
          result.map((error) => {
            const node = error.nodes?.[0];
            const field = error instanceof ScalarInputError && node && argumentPath(params.documentAST, node);
            if (!field) return error;
            return new GraphQLError(`Argument "${field}": ${error.message}`, {
              nodes: error.nodes,
              extensions: { ...error.extensions, field },
            });
          }),
        );
      };
    },
  };
}
