/**
 * A subset of the CloudWatch Logs Insights query language, enough for real queries to run in
 * the sandbox: fields, filter (like, comparisons, and/or), sort, limit and stats ... by.
 * JSON messages have their top-level keys discovered as fields, as Insights does.
 */

export interface LogRecord {
  timestamp: number;
  message: string;
  logGroup: string;
  logStream: string;
}

export type Row = Record<string, string | number>;

export class QueryCompileError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

type Condition = (row: Row) => boolean;
type Command =
  | { kind: "fields"; names: string[] }
  | { kind: "filter"; test: Condition }
  | { kind: "sort"; field: string; desc: boolean }
  | { kind: "limit"; count: number }
  | { kind: "stats"; aggregates: Aggregate[]; by: string[] };
interface Aggregate {
  fn: "count" | "avg" | "sum" | "min" | "max";
  field: string | undefined;
  alias: string;
}

export function compile(query: string): Command[] {
  const commands: Command[] = [];
  let offset = 0;
  for (const part of splitPipes(query)) {
    const text = part.trim();
    const start = offset + part.indexOf(text);
    offset += part.length + 1;
    if (text === "") continue;
    const [word = "", ...rest] = text.split(/\s+/);
    const args = text.slice(word.length).trim();
    const error = (message: string) => new QueryCompileError(message, start, start + text.length);
    switch (word.toLowerCase()) {
      case "fields":
      case "display":
        commands.push({ kind: "fields", names: list(args) });
        break;
      case "filter":
        commands.push({ kind: "filter", test: condition(args, error) });
        break;
      case "sort": {
        const [field, order = "asc"] = rest;
        if (!field || !/^(asc|desc)$/i.test(order))
          throw error("sort needs a field and asc or desc");
        commands.push({ kind: "sort", field, desc: order.toLowerCase() === "desc" });
        break;
      }
      case "limit": {
        const count = Number(args);
        if (!Number.isInteger(count) || count < 1 || count > 10_000) {
          throw error("limit takes a whole number from 1 to 10000");
        }
        commands.push({ kind: "limit", count });
        break;
      }
      case "stats":
        commands.push(stats(args, error));
        break;
      default:
        throw error(`unexpected symbol found ${word}`);
    }
  }
  return commands;
}

/** Runs compiled commands over records; returns rows and how many records matched. */
export function run(commands: Command[], records: LogRecord[], defaultLimit: number) {
  let rows: Row[] = records.map(toRow);
  let projection: string[] | undefined;
  let limit = defaultLimit;
  let sorted = false;
  let grouped = false;
  for (const command of commands) {
    if (command.kind === "fields") projection = command.names;
    else if (command.kind === "filter") rows = rows.filter(command.test);
    else if (command.kind === "sort") {
      sorted = true;
      rows = [...rows].sort(
        (a, b) => compareValues(a[command.field], b[command.field]) * (command.desc ? -1 : 1),
      );
    } else if (command.kind === "limit") limit = command.count;
    else {
      grouped = true;
      rows = aggregate(rows, command);
      projection = [...command.by, ...command.aggregates.map((a) => a.alias)];
    }
  }
  const matched = rows.length;
  // Without a sort, records come newest first; stats groups keep their order.
  if (!sorted && !grouped) {
    rows = [...rows].sort((a, b) => compareValues(b["@timestamp"], a["@timestamp"]));
  }
  const fields = projection ?? ["@timestamp", "@message"];
  return {
    matched,
    rows: rows.slice(0, limit).map((row) => {
      const out: Row = {};
      for (const field of fields) if (row[field] !== undefined) out[field] = row[field];
      if (row["@ptr"] !== undefined) out["@ptr"] = row["@ptr"];
      return out;
    }),
  };
}

function toRow(record: LogRecord, index: number): Row {
  const row: Row = {
    "@timestamp": formatTime(record.timestamp),
    "@message": record.message,
    "@logStream": record.logStream,
    "@log": record.logGroup,
    "@ptr": Buffer.from(`${record.logGroup}:${index}`).toString("base64"),
  };
  try {
    const parsed: unknown = JSON.parse(record.message);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === "string" || typeof value === "number") row[key] = value;
        else if (typeof value === "boolean") row[key] = String(value);
      }
    }
  } catch {
    // plain-text message: only the built-in fields
  }
  return row;
}

function condition(text: string, error: (m: string) => Error): Condition {
  const parts = text.split(/\s+(and|or)\s+/i);
  let test = comparison(parts[0] ?? "", error);
  for (let i = 1; i < parts.length; i += 2) {
    const op = (parts[i] ?? "").toLowerCase();
    const left = test;
    const right = comparison(parts[i + 1] ?? "", error);
    test = op === "and" ? (row) => left(row) && right(row) : (row) => left(row) || right(row);
  }
  return test;
}

function comparison(text: string, error: (m: string) => Error): Condition {
  const like = /^([@\w.]+)\s+(not\s+)?like\s+(\/(.*)\/(i?)|"(.*)"|'(.*)')$/i.exec(text.trim());
  if (like) {
    const [, field = "", not, , pattern, flags, dq, sq] = like;
    const re = pattern !== undefined ? new RegExp(pattern, flags) : undefined;
    const needle = dq ?? sq ?? "";
    return (row) => {
      const value = row[field];
      const hit =
        value !== undefined && (re ? re.test(String(value)) : String(value).includes(needle));
      return not ? !hit : hit;
    };
  }
  const cmp = /^([@\w.]+)\s*(=|!=|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?|"[^"]*"|'[^']*')$/.exec(
    text.trim(),
  );
  if (!cmp) throw error(`cannot parse filter condition: ${text.trim()}`);
  const [, field = "", op, raw = ""] = cmp;
  const literal: string | number = /^["']/.test(raw) ? raw.slice(1, -1) : Number(raw);
  return (row) => {
    const value = row[field];
    if (value === undefined) return false;
    const c = compareValues(value, literal);
    switch (op) {
      case "=":
        return c === 0;
      case "!=":
        return c !== 0;
      case ">":
        return c > 0;
      case "<":
        return c < 0;
      case ">=":
        return c >= 0;
      default:
        return c <= 0;
    }
  };
}

function stats(text: string, error: (m: string) => Error): Command {
  const [head = "", by = ""] = text.split(/\s+by\s+/i);
  const aggregates = list(head).map((item): Aggregate => {
    const match = /^(count|avg|sum|min|max)\(\s*(\*|[@\w.]+)?\s*\)(?:\s+as\s+(\w+))?$/i.exec(item);
    if (!match) throw error(`unsupported stats function: ${item}`);
    const [, fn = "count", field, alias] = match;
    const name = fn.toLowerCase() as Aggregate["fn"];
    return {
      fn: name,
      field: field === "*" ? undefined : field,
      alias: alias ?? `${name}(${field ?? "*"})`,
    };
  });
  return { kind: "stats", aggregates, by: by ? list(by) : [] };
}

function aggregate(rows: Row[], command: Extract<Command, { kind: "stats" }>): Row[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = JSON.stringify(command.by.map((f) => row[f] ?? null));
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  return [...groups.entries()].map(([key, group]) => {
    const out: Row = {};
    const values = JSON.parse(key) as Array<string | number | null>;
    command.by.forEach((field, i) => {
      out[field] = values[i] ?? "";
    });
    for (const a of command.aggregates) {
      const nums = group
        .map((r) => (a.field === undefined ? 1 : Number(r[a.field])))
        .filter((n) => Number.isFinite(n));
      const count =
        a.field === undefined
          ? group.length
          : group.filter((r) => r[a.field as string] !== undefined).length;
      const sum = nums.reduce((s, n) => s + n, 0);
      out[a.alias] =
        a.fn === "count"
          ? count
          : a.fn === "sum"
            ? sum
            : a.fn === "avg"
              ? nums.length
                ? sum / nums.length
                : 0
              : a.fn === "min"
                ? Math.min(...nums)
                : Math.max(...nums);
    }
    return out;
  });
}

function list(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function splitPipes(query: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (const ch of query) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === "/") quote = ch;
    else if (ch === "|") {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a ?? "");
  const y = String(b ?? "");
  return x < y ? -1 : x > y ? 1 : 0;
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}
