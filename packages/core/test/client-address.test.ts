import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress } from "../src/http/request-guard.js";

const request = (remoteAddress: string, forwarded?: string | string[]) =>
  ({
    socket: { remoteAddress },
    headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded },
  }) as unknown as IncomingMessage;

const proxies = new Set(["10.0.0.1", "10.0.0.2"]);
const trusted = (address: string) => proxies.has(address);

describe("the caller's address", () => {
  it("is the socket's peer unless that peer is a trusted proxy", () => {
    expect(clientAddress(request("192.0.2.5", "198.51.100.1"), trusted)).toBe("192.0.2.5");
    expect(clientAddress(request("192.0.2.5", "198.51.100.1"), undefined)).toBe("192.0.2.5");
    expect(clientAddress(request("10.0.0.1"), trusted)).toBe("10.0.0.1");
  });

  it("is the nearest untrusted hop of X-Forwarded-For behind trusted proxies", () => {
    // The client wrote a fake first hop; the proxies appended what they really saw.
    expect(
      clientAddress(request("10.0.0.1", "203.0.113.66, 198.51.100.7, 10.0.0.2"), trusted),
    ).toBe("198.51.100.7");
    expect(clientAddress(request("10.0.0.1", ["203.0.113.1", "198.51.100.8"]), trusted)).toBe(
      "198.51.100.8",
    );
    // Only proxies in the chain: the farthest one.
    expect(clientAddress(request("10.0.0.1", "10.0.0.2"), trusted)).toBe("10.0.0.2");
  });
});
