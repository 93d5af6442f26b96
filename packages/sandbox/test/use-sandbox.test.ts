import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useSandbox } from "../src/index.js";

const sandbox = useSandbox("vercel", { stepMs: 25 });
beforeAll(sandbox.start);
afterAll(sandbox.close);

describe("useSandbox", () => {
  it("runs one platform's stand-in for the file, with its env, urls and recorder", async () => {
    expect(sandbox.urls.vercel).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.env.VERCEL_API_URL).toBe(sandbox.urls.vercel);
    const response = await fetch(`${sandbox.urls.vercel}/v10/projects`, {
      headers: { authorization: `Bearer ${sandbox.env.VERCEL_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(sandbox.recorder.to("vercel", "/v10/projects")).toHaveLength(1);
  });

  it("explains itself when read before it started, and closes once", async () => {
    const idle = useSandbox("vercel");
    expect(() => idle.env).toThrow(
      "the vercel sandbox is not running: call beforeAll(sandbox.start) first",
    );
    await idle.close();
    await idle.start();
    const url = idle.urls.vercel;
    await idle.close();
    await expect(fetch(`${url}/v10/projects`)).rejects.toThrow();
  });

  it("refuses a platform it has no stand-in for", async () => {
    await expect(useSandbox("nope").start()).rejects.toThrow('no sandbox stand-in for "nope"');
  });
});
