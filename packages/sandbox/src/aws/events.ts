import { randomUUID } from "node:crypto";
import { EVENT_BUS, eventBusArn } from "./data.js";
import { AwsError, validation } from "./protocol.js";

export interface ReceivedEvent {
  id: string;
  bus: string;
  source: string;
  detailType: string;
  detail: unknown;
  resources: string[];
  time: string;
}

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

/**
 * EventBridge PutEvents: request-level limits fail the whole call; an entry that cannot be put
 * fails alone, with EventBridge's per-entry ErrorCode and ErrorMessage, and the rest go through.
 */
export function createEvents() {
  const buses = new Set(["default", EVENT_BUS]);
  const received: ReceivedEvent[] = [];

  return {
    received,
    handlers: {
      PutEvents: (body: Record<string, unknown>) => {
        const entries = body.Entries;
        if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
          throw validation(
            `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`,
          );
        }
        const size = entries.reduce((sum: number, e) => sum + entrySize(e), 0);
        if (size > MAX_REQUEST_BYTES) {
          throw validation("Total size of the entries in the request is over the limit.");
        }
        const results = entries.map((entry: Record<string, unknown>) => {
          const failure = check(entry, buses);
          if (failure) return failure;
          const event: ReceivedEvent = {
            id: randomUUID(),
            bus: busName(entry.EventBusName),
            source: String(entry.Source),
            detailType: String(entry.DetailType),
            detail: JSON.parse(String(entry.Detail)),
            resources: (entry.Resources as string[] | undefined) ?? [],
            time: new Date().toISOString(),
          };
          received.push(event);
          return { EventId: event.id };
        });
        return {
          FailedEntryCount: results.filter((r) => "ErrorCode" in r).length,
          Entries: results,
        };
      },
      DescribeEventBus: (body: Record<string, unknown>) => {
        const name = busName(body.Name);
        if (!buses.has(name)) {
          throw new AwsError("ResourceNotFoundException", `Event bus ${name} does not exist.`);
        }
        return { Name: name, Arn: eventBusArn(name) };
      },
    },
  };
}

function check(entry: Record<string, unknown>, buses: Set<string>) {
  for (const key of ["Source", "DetailType", "Detail"]) {
    if (typeof entry[key] !== "string" || entry[key] === "") {
      return invalid(
        "InvalidArgument",
        `Parameter ${key} is not valid. Reason: ${key} is a required argument.`,
      );
    }
  }
  const bus = busName(entry.EventBusName);
  if (!buses.has(bus))
    return invalid("ResourceNotFoundException", `Event bus ${bus} does not exist.`);
  let detail: unknown;
  try {
    detail = JSON.parse(String(entry.Detail));
  } catch {
    return invalid("MalformedDetail", "Detail is malformed.");
  }
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) {
    return invalid("MalformedDetail", "Detail is malformed.");
  }
  if (String(entry.Source).startsWith("aws.")) {
    return invalid("NotAuthorizedForSourceException", "Not authorized for the source.");
  }
  return undefined;
}

const invalid = (code: string, message: string) => ({ ErrorCode: code, ErrorMessage: message });

/** A bus given by name or ARN; none means the default bus. */
function busName(value: unknown): string {
  if (typeof value !== "string" || value === "") return "default";
  return value.startsWith("arn:") ? (value.split("/").pop() ?? value) : value;
}

/** EventBridge's entry size: UTF-8 bytes of its strings plus 14 for the time. */
function entrySize(entry: Record<string, unknown>): number {
  let size = 14;
  for (const key of ["Source", "DetailType", "Detail"]) {
    if (typeof entry[key] === "string") size += Buffer.byteLength(entry[key] as string);
  }
  for (const resource of (entry.Resources as string[] | undefined) ?? []) {
    size += Buffer.byteLength(String(resource));
  }
  return size;
}
