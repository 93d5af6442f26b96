import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();
type Sent = {
  bus: string;
  sent: number;
  failed: number;
  entries: Array<{
    index: number;
    event_id: string | null;
    error_code: string | null;
    error_message: string | null;
    retryable: boolean;
  }>;
};

describe("aws_event_send", () => {
  it("puts events on the configured bus with their JSON detail", async () => {
    const session = await aws.connect();
    const result = await session.call("aws_event_send", {
      events: [
        {
          source: "com.example.orders",
          detail_type: "Order Placed",
          detail: { id: "o-1", total: 42 },
        },
        {
          source: "com.example.orders",
          detail_type: "Order Paid",
          detail: { id: "o-1" },
          resources: ["arn:aws:s3:::x"],
        },
      ],
    });
    const out = structured<Sent>(result);
    expect(out).toMatchObject({ bus: "agent-mesh-sandbox", sent: 2, failed: 0 });
    expect(out.entries.every((e) => typeof e.event_id === "string")).toBe(true);
    const [request] = aws.received("AWSEvents.PutEvents");
    expect(request?.body).toEqual({
      Entries: [
        {
          EventBusName: "agent-mesh-sandbox",
          Source: "com.example.orders",
          DetailType: "Order Placed",
          Detail: '{"id":"o-1","total":42}',
        },
        {
          EventBusName: "agent-mesh-sandbox",
          Source: "com.example.orders",
          DetailType: "Order Paid",
          Detail: '{"id":"o-1"}',
          Resources: ["arn:aws:s3:::x"],
        },
      ],
    });
  });

  it("reports partial failures per entry, never hiding them", async () => {
    const session = await aws.connect();
    const result = await session.call("aws_event_send", {
      events: [
        { source: "com.example.app", detail_type: "Fine", detail: {} },
        { source: "aws.s3", detail_type: "Spoofed", detail: {} },
      ],
    });
    expect(result.isError).toBeFalsy();
    const out = structured<Sent>(result);
    expect(out).toMatchObject({ sent: 1, failed: 1 });
    expect(out.entries[1]).toEqual({
      index: 1,
      event_id: null,
      error_code: "NotAuthorizedForSourceException",
      error_message: "Not authorized for the source.",
      retryable: false,
    });
    const text = result.content[0]?.type === "text" ? result.content[0].text : "";
    expect(text).toMatch(/^1 of 2 event\(s\) FAILED/);
  });

  it("marks per-entry throttling as retryable", async () => {
    const session = await aws.connect();
    aws.sandbox.faults.add({
      platform: "aws",
      match: { header: ["x-amz-target", "AWSEvents.PutEvents"] },
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: {
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded" }],
      },
    });
    const out = structured<Sent>(
      await session.call("aws_event_send", {
        events: [{ source: "com.example.app", detail_type: "T", detail: {} }],
      }),
    );
    expect(out.entries[0]).toMatchObject({ error_code: "ThrottlingException", retryable: true });
  });

  it("refuses more than ten events, and buses outside the allow-list, before calling AWS", async () => {
    const session = await aws.connect();
    const before = aws.received("AWSEvents.PutEvents").length;
    const event = { source: "com.example.app", detail_type: "T", detail: {} };
    const tooMany = expectEnvelope(
      await session.call("aws_event_send", { events: Array(11).fill(event) }),
    );
    expect(tooMany.code).toBe("invalid_request");
    expect(tooMany.message).toContain("events");
    const denied = expectEnvelope(
      await session.call("aws_event_send", { events: [event], bus: "default" }),
    );
    expect(denied.code).toBe("policy_denied");
    expect(denied.message).toContain("AGENT_MESH_AWS_EVENT_BUSES");
    expect(aws.received("AWSEvents.PutEvents")).toHaveLength(before);
  });
});
