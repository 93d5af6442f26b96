import { ExpressionError } from "./errors.js";

export type Token =
  | { type: "ident"; value: string; column: number }
  | { type: "number"; value: number; column: number }
  | { type: "string"; value: string; column: number }
  | { type: "op"; value: string; column: number }
  | { type: "end"; column: number };

const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", ".", "[", "]"];
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;

// Splits the inside of one `${{ }}` into tokens. `offset` is the column of its first character.
export function tokenize(text: string, offset: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const column = offset + i;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const [value, next] = readString(text, i, offset);
      tokens.push({ type: "string", value, column });
      i = next;
      continue;
    }
    const prev = tokens.at(-1);
    const afterValue =
      prev !== undefined && (prev.type !== "op" || prev.value === ")" || prev.value === "]");
    const afterDot = prev?.type === "op" && prev.value === ".";
    if (DIGIT.test(ch) || (ch === "-" && DIGIT.test(text[i + 1] ?? "") && !afterValue)) {
      let j = i + 1;
      // After a dot a number is a path segment (items.0.name): digits only.
      const part = afterDot ? DIGIT : /[0-9.eE_]/;
      while (j < text.length && part.test(text[j]!)) j++;
      const raw = text.slice(i, j).replaceAll("_", "");
      const value = Number(raw);
      if (!Number.isFinite(value)) throw new ExpressionError(`bad number "${raw}"`, column);
      tokens.push({ type: "number", value, column });
      i = j;
      continue;
    }
    if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j]!)) j++;
      tokens.push({ type: "ident", value: text.slice(i, j), column });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) {
      const hint =
        ch === "=" ? ' (use "==" to compare)' : ch === "&" || ch === "|" ? " (use && or ||)" : "";
      throw new ExpressionError(`unexpected character "${ch}"${hint}`, column);
    }
    tokens.push({ type: "op", value: op, column });
    i += op.length;
  }
  tokens.push({ type: "end", column: offset + text.length });
  return tokens;
}

function readString(text: string, start: number, offset: number): [string, number] {
  const quote = text[start]!;
  let out = "";
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === quote) {
      // Doubling the quote escapes it: 'it''s'
      if (text[i + 1] === quote) {
        out += quote;
        i += 2;
        continue;
      }
      return [out, i + 1];
    }
    if (ch === "\\" && i + 1 < text.length) {
      const next = text[i + 1]!;
      out += next === "n" ? "\n" : next === "t" ? "\t" : next;
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  throw new ExpressionError(`unterminated string (add a closing ${quote})`, offset + start);
}
