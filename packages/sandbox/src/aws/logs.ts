import { randomUUID } from "node:crypto";
import { ACCOUNT, LOG_GROUP, seedLogEvents } from "./data.js";
import { compile, type LogRecord, QueryCompileError, run } from "./insights.js";
import { AwsError, optionalNumber, requireString } from "./protocol.js";

/** A query is Scheduled for one step, then Running until this many steps have passed. */
const RUNNING_STEPS = 9;

type QueryStatus = "Scheduled" | "Running" | "Complete" | "Cancelled";

interface Query {
  id: string;
  startedAt: number;
  stoppedAt?: number;
  result: ReturnType<typeof run>;
  scanned: number;
  bytes: number;
}

/**
 * CloudWatch Logs Insights: StartQuery validates the groups, the time range and the query;
 * GetQueryResults reports Scheduled (one `stepMs`), Running (eight more), then Complete with rows
 * and statistics; StopQuery cancels a query that has not finished.
 */
export function createLogs(stepMs: number, now: () => number = Date.now) {
  const start = now();
  const groups = new Map<string, LogRecord[]>([
    [
      LOG_GROUP,
      seedLogEvents(start).map((e, i) => ({
        ...e,
        logGroup: `${ACCOUNT}:${LOG_GROUP}`,
        logStream: `app/${i % 3}`,
      })),
    ],
  ]);
  const queries = new Map<string, Query>();

  const status = (q: Query): QueryStatus => {
    if (q.stoppedAt !== undefined) return "Cancelled";
    const age = now() - q.startedAt;
    return age < stepMs ? "Scheduled" : age < RUNNING_STEPS * stepMs ? "Running" : "Complete";
  };

  return {
    StartQuery: (body: Record<string, unknown>) => {
      const names = groupNames(body);
      const records: LogRecord[] = [];
      for (const name of names) {
        const group = groups.get(name);
        if (!group) {
          throw new AwsError(
            "ResourceNotFoundException",
            `Log group '${name}' does not exist for account ID '${ACCOUNT}'`,
          );
        }
        records.push(...group);
      }
      const from = optionalNumber(body, "startTime");
      const to = optionalNumber(body, "endTime");
      if (from === undefined || to === undefined) {
        throw new AwsError("InvalidParameterException", "startTime and endTime are required");
      }
      if (to < from) {
        throw new AwsError(
          "InvalidParameterException",
          "End time should not be before the start time",
        );
      }
      const queryString = requireString(body, "queryString");
      let commands: ReturnType<typeof compile>;
      try {
        commands = compile(queryString);
      } catch (err) {
        if (!(err instanceof QueryCompileError)) throw err;
        throw new AwsError(
          "MalformedQueryException",
          `Query string is malformed: ${err.message}`,
          400,
          {
            queryCompileError: {
              location: { startCharOffset: err.start, endCharOffset: err.end },
              message: err.message,
            },
          },
        );
      }
      const inRange = records.filter(
        (r) => r.timestamp >= from * 1000 && r.timestamp <= to * 1000 + 999,
      );
      const limit = optionalNumber(body, "limit") ?? 1000;
      const id = randomUUID();
      queries.set(id, {
        id,
        startedAt: now(),
        result: run(commands, inRange, limit),
        scanned: inRange.length,
        bytes: inRange.reduce((sum, r) => sum + Buffer.byteLength(r.message), 0),
      });
      return { queryId: id };
    },
    GetQueryResults: (body: Record<string, unknown>) => {
      const q = query(queries, requireString(body, "queryId"));
      const state = status(q);
      const done = state === "Complete";
      // Running queries report how much they have scanned so far, as Insights does.
      const share = done ? 1 : Math.min(1, (now() - q.startedAt) / (RUNNING_STEPS * stepMs));
      const rows = done ? q.result.rows : [];
      return {
        status: state,
        results: rows.map((row) =>
          Object.entries(row).map(([field, value]) => ({ field, value: String(value) })),
        ),
        statistics: {
          recordsMatched: done ? q.result.matched : 0,
          recordsScanned: Math.floor(q.scanned * share),
          bytesScanned: Math.floor(q.bytes * share),
        },
      };
    },
    StopQuery: (body: Record<string, unknown>) => {
      const q = query(queries, requireString(body, "queryId"));
      const state = status(q);
      if (state === "Complete" || state === "Cancelled") {
        throw new AwsError(
          "InvalidParameterException",
          `Query ${q.id} is not running; it is ${state}.`,
        );
      }
      q.stoppedAt = now();
      return { success: true };
    },
  };
}

function groupNames(body: Record<string, unknown>): string[] {
  const given = [body.logGroupName, body.logGroupNames, body.logGroupIdentifiers].filter(
    (v) => v !== undefined,
  );
  if (given.length !== 1) {
    throw new AwsError(
      "InvalidParameterException",
      "Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified",
    );
  }
  const names = (Array.isArray(given[0]) ? given[0] : [given[0]]).map(String);
  if (names.length === 0 || names.length > 50) {
    throw new AwsError("InvalidParameterException", "Between 1 and 50 log groups can be queried");
  }
  // Identifiers may be ARNs: arn:aws:logs:region:account:log-group:NAME
  return names.map((n) =>
    n.startsWith("arn:") ? (n.split(":log-group:")[1] ?? n).replace(/:\*$/, "") : n,
  );
}

function query(queries: Map<string, Query>, id: string): Query {
  const q = queries.get(id);
  if (!q) throw new AwsError("ResourceNotFoundException", "Query does not exist.");
  return q;
}
