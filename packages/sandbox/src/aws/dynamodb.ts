import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

/** dynalite ships no types; this is the one function the sandbox uses. */
type Dynalite = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

export interface DynamoEmulator {
  url: string;
  close(): Promise<void>;
}

/** The key schema the infra module gives the agent table: `pk` (hash) and `sk` (range), with TTL. */
export const TABLE_KEYS = { partition: "pk", sort: "sk" } as const;

/** Starts dynalite (DynamoDB's API over an in-memory store) with the given tables created. */
export async function startDynamo(tables: string[]): Promise<DynamoEmulator> {
  const dynalite = createRequire(import.meta.url)("dynalite") as Dynalite;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  try {
    for (const table of tables) await createTable(url, table);
    return { url, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function createTable(url: string, name: string): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "DynamoDB_20120810.CreateTable",
      // dynalite checks that a request is signed, not the signature; the sandbox checks that.
      authorization:
        "AWS4-HMAC-SHA256 Credential=sandbox/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000",
      "x-amz-date": "20260101T000000Z",
    },
    body: JSON.stringify({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: TABLE_KEYS.partition, AttributeType: "S" },
        { AttributeName: TABLE_KEYS.sort, AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: TABLE_KEYS.partition, KeyType: "HASH" },
        { AttributeName: TABLE_KEYS.sort, KeyType: "RANGE" },
      ],
    }),
  });
  if (!response.ok) {
    throw new Error(`dynalite refused to create table ${name}: ${await response.text()}`);
  }
}
