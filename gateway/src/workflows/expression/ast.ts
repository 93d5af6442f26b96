// The syntax tree of one `${{ ... }}` expression. Positions are 1-based columns in the template.

export type Literal = { kind: "literal"; value: string | number | boolean | null; column: number };
export type Path = { kind: "path"; path: string[]; column: number };
export type Not = { kind: "not"; operand: Expr; column: number };
export type BinaryOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";
export type Binary = { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; column: number };
export type Expr = Literal | Path | Not | Binary;

// A template is text with embedded expressions. When it is exactly one expression (`whole`),
// evaluating it keeps the value's type; otherwise the parts are joined as a string.
export type Template = {
  source: string;
  parts: Array<string | { expr: Expr; column: number }>;
  whole: boolean;
};
