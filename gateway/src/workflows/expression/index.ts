// The workflow expression language: `${{ ... }}` inside strings. Property paths, literals,
// comparisons, && || ! and parentheses; nothing is evaluated with eval or Function.
export type { BinaryOp, Expr, Template } from "./ast.js";
export { ExpressionError } from "./errors.js";
export { evaluateExpression, lookup, truthy } from "./evaluate.js";
export { parseExpression } from "./parser.js";
export { referencesIn, resolveArgs, templatesIn } from "./resolve.js";
export {
  evaluateTemplate,
  hasExpressions,
  parseTemplate,
  references,
  stringify,
} from "./template.js";
