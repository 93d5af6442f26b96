import type { Expr } from "./ast.js";

// Evaluates an expression against a scope of plain data. Only own properties are read, so
// `constructor`, `__proto__` and friends are never reachable; nothing is called.
export function evaluateExpression(expr: Expr, scope: unknown): unknown {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "path":
      return lookup(scope, expr.path);
    case "not":
      return !truthy(evaluateExpression(expr.operand, scope));
    case "binary": {
      const left = evaluateExpression(expr.left, scope);
      if (expr.op === "&&") return truthy(left) ? evaluateExpression(expr.right, scope) : left;
      if (expr.op === "||") return truthy(left) ? left : evaluateExpression(expr.right, scope);
      const right = evaluateExpression(expr.right, scope);
      return compare(expr.op, left, right);
    }
  }
}

export function lookup(scope: unknown, path: readonly string[]): unknown {
  let current: unknown = scope;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(key)) {
        if (key === "length") return current.length;
        return undefined;
      }
      current = current[Number(key)];
      continue;
    }
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

// Empty strings, 0, false, null and missing values are false; everything else is true.
export function truthy(value: unknown): boolean {
  return !(
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === "" ||
    Number.isNaN(value)
  );
}

function compare(
  op: "==" | "!=" | "<" | "<=" | ">" | ">=",
  left: unknown,
  right: unknown,
): boolean {
  if (op === "==") return equal(left, right);
  if (op === "!=") return !equal(left, right);
  // Ordering only between two numbers or two strings; anything else is false, never coerced.
  const ordered =
    (typeof left === "number" && typeof right === "number") ||
    (typeof left === "string" && typeof right === "string");
  if (!ordered) return false;
  const a = left as number | string;
  const b = right as number | string;
  if (op === "<") return a < b;
  if (op === "<=") return a <= b;
  if (op === ">") return a > b;
  return a >= b;
}

function equal(left: unknown, right: unknown): boolean {
  const l = left === undefined ? null : left;
  const r = right === undefined ? null : right;
  if (l !== null && r !== null && typeof l === "object" && typeof r === "object") {
    return JSON.stringify(l) === JSON.stringify(r);
  }
  return l === r;
}
