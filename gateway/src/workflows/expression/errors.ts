// A template or expression that cannot be parsed or evaluated. `column` is 1-based within the
// template text, so config errors can point at the exact character.
export class ExpressionError extends Error {
  readonly column: number;
  constructor(message: string, column: number) {
    super(`${message} (column ${column})`);
    this.name = "ExpressionError";
    this.column = column;
  }
}
