import type { BinaryOp, Expr } from "./ast.js";
import { ExpressionError } from "./errors.js";
import { type Token, tokenize } from "./lexer.js";

// Precedence climbing over: || < && < == != < < <= > >= < ! < primary.
const LEVELS: BinaryOp[][] = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="]];
const KEYWORDS: Record<string, string | boolean | null> = { true: true, false: false, null: null };

export function parseExpression(text: string, offset = 1): Expr {
  const tokens = tokenize(text, offset);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const isOp = (value: string): boolean => {
    const t = peek();
    return t.type === "op" && t.value === value;
  };
  const expectOp = (value: string, what: string): void => {
    if (!isOp(value))
      throw new ExpressionError(
        `expected "${value}" ${what}, found ${describe(peek())}`,
        peek().column,
      );
    pos++;
  };

  const binary = (level: number): Expr => {
    if (level >= LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const t = peek();
      const op = t.type === "op" ? LEVELS[level]!.find((o) => o === t.value) : undefined;
      if (!op) return left;
      pos++;
      const right = binary(level + 1);
      left = { kind: "binary", op, left, right, column: t.column };
    }
  };

  const unary = (): Expr => {
    const t = peek();
    if (t.type === "op" && t.value === "!") {
      pos++;
      return { kind: "not", operand: unary(), column: t.column };
    }
    return primary();
  };

  const primary = (): Expr => {
    const t = peek();
    if (t.type === "number" || t.type === "string") {
      pos++;
      return { kind: "literal", value: t.value, column: t.column };
    }
    if (t.type === "op" && t.value === "(") {
      pos++;
      const inner = binary(0);
      expectOp(")", "to close the parenthesis");
      return inner;
    }
    if (t.type === "ident") {
      pos++;
      if (Object.hasOwn(KEYWORDS, t.value)) {
        return { kind: "literal", value: KEYWORDS[t.value]!, column: t.column };
      }
      return { kind: "path", path: [t.value, ...pathRest()], column: t.column };
    }
    throw new ExpressionError(`expected a value, found ${describe(t)}`, t.column);
  };

  const pathRest = (): string[] => {
    const rest: string[] = [];
    for (;;) {
      if (isOp(".")) {
        pos++;
        const t = peek();
        if (t.type === "ident") rest.push(t.value);
        else if (t.type === "number" && Number.isInteger(t.value) && t.value >= 0)
          rest.push(String(t.value));
        else
          throw new ExpressionError(
            `expected a property name after ".", found ${describe(t)}`,
            t.column,
          );
        pos++;
      } else if (isOp("[")) {
        pos++;
        const t = peek();
        if (t.type === "string") rest.push(t.value);
        else if (t.type === "number" && Number.isInteger(t.value) && t.value >= 0)
          rest.push(String(t.value));
        else
          throw new ExpressionError(
            `expected an index or a quoted key inside [ ], found ${describe(t)}`,
            t.column,
          );
        pos++;
        expectOp("]", "to close the index");
      } else {
        return rest;
      }
    }
  };

  if (peek().type === "end") throw new ExpressionError("empty expression", peek().column);
  const expr = binary(0);
  if (peek().type !== "end") {
    throw new ExpressionError(`unexpected ${describe(peek())} after the expression`, peek().column);
  }
  return expr;
}

function describe(t: Token): string {
  if (t.type === "end") return "the end of the expression";
  if (t.type === "string") return `string '${t.value}'`;
  return `"${t.value}"`;
}
