import type { Expr, Template } from "./ast.js";
import { ExpressionError } from "./errors.js";
import { evaluateExpression } from "./evaluate.js";
import { parseExpression } from "./parser.js";

const OPEN = "$" + "{{";
const CLOSE = "}}";

// Parses text such as "Deployed to ${{ params.environment }}". Throws ExpressionError with the
// 1-based column of the problem.
export function parseTemplate(text: string): Template {
  const parts: Template["parts"] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf(OPEN, i);
    if (start < 0) {
      parts.push(text.slice(i));
      break;
    }
    if (start > i) parts.push(text.slice(i, start));
    const end = findClose(text, start + OPEN.length);
    if (end < 0) throw new ExpressionError(`"${OPEN}" is not closed with "${CLOSE}"`, start + 1);
    const inner = text.slice(start + OPEN.length, end);
    const expr = parseExpression(inner, start + OPEN.length + 1);
    parts.push({ expr, column: start + 1 });
    i = end + CLOSE.length;
  }
  const whole = parts.length === 1 && typeof parts[0] !== "string";
  return { source: text, parts, whole };
}

// The closing braces, skipping any inside quoted strings.
function findClose(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (text.startsWith(CLOSE, i)) {
      return i;
    }
  }
  return -1;
}

export function hasExpressions(text: string): boolean {
  return text.includes(OPEN);
}

export function evaluateTemplate(template: Template, scope: unknown): unknown {
  if (template.whole) {
    const only = template.parts[0] as { expr: Expr };
    return evaluateExpression(only.expr, scope);
  }
  return template.parts
    .map((part) =>
      typeof part === "string" ? part : stringify(evaluateExpression(part.expr, scope)),
    )
    .join("");
}

export function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

// Every property path the template reads, in order of appearance (duplicates kept once).
export function references(template: Template): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  const visit = (expr: Expr): void => {
    if (expr.kind === "path") {
      const key = JSON.stringify(expr.path);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(expr.path);
      }
    } else if (expr.kind === "not") visit(expr.operand);
    else if (expr.kind === "binary") {
      visit(expr.left);
      visit(expr.right);
    }
  };
  for (const part of template.parts) if (typeof part !== "string") visit(part.expr);
  return out;
}
