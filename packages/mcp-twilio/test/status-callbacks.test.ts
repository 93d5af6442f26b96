import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { structured } from "@agent-mesh/core/testing";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twilioSandbox } from "./setup.js";

const { connect } = twilioSandbox(30);

interface Received {
  signature: string;
  params: Record<string, string>;
}

const received: Received[] = [];
let server: Server;
let url = "";
let onReceive = () => {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      received.push({
        signature: String(req.headers["x-twilio-signature"] ?? ""),
        params: Object.fromEntries(new URLSearchParams(text)),
      });
      res.end("<Response/>");
      onReceive();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("status callbacks", () => {
  it("posts each status change, signed so the SDK's validateRequest accepts it", async () => {
    const session = await connect();
    const delivered = new Promise<void>((resolve) => {
      onReceive = () => {
        const seen = new Set(received.map((r) => r.params.MessageStatus));
        if (seen.has("sent") && seen.has("delivered")) resolve();
      };
    });
    const { sid } = structured<{ sid: string }>(
      await session.call("twilio_message_send", {
        to: "+14155550191",
        body: "Track me",
        status_callback: url,
      }),
    );
    await delivered;
    const statuses = received
      .filter((r) => r.params.MessageSid === sid)
      .map((r) => r.params.MessageStatus);
    expect(statuses).toEqual(expect.arrayContaining(["sent", "delivered"]));
    for (const { signature, params } of received) {
      expect(twilio.validateRequest("sandbox-twilio-auth-token", signature, url, params)).toBe(
        true,
      );
      expect(twilio.validateRequest("another-token", signature, url, params)).toBe(false);
    }
  });
});

describe("call status callbacks", () => {
  it("posts the completed call, signed, with its duration", async () => {
    const session = await connect({}, { confirmations: false });
    const done = new Promise<void>((resolve) => {
      onReceive = () => {
        if (received.some((r) => r.params.CallStatus === "completed")) resolve();
      };
    });
    const { sid } = structured<{ sid: string }>(
      await session.call("twilio_call_create", {
        to: "+14155550193",
        url: "https://example.com/t.xml",
        status_callback: url,
      }),
    );
    await done;
    const callback = received.find((r) => r.params.CallSid === sid);
    expect(callback?.params).toMatchObject({ CallStatus: "completed", To: "+14155550193" });
    expect(callback?.params.CallDuration).toMatch(/^\d+$/);
    expect(
      twilio.validateRequest(
        "sandbox-twilio-auth-token",
        callback?.signature ?? "",
        url,
        callback?.params ?? {},
      ),
    ).toBe(true);
  });
});
