import { UNTRUSTED_NOTICE } from "@agent-mesh/core";
import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useVercelSandbox, waitUntilDone } from "./setup.js";

const vercel = useVercelSandbox();
// Builds here stay QUEUED for a minute, so a cancel always meets a running build, however busy the machine.
const queued = useVercelSandbox(60_000);
type Events = {
  deployment_id: string;
  events: { notice: string; data: Array<{ type: string; text: string }> };
  next_cursor: string | null;
  follow_cursor: string | null;
};

describe("vercel_deployment_events", () => {
  it("pages through a finished build's log, marked as untrusted data", async () => {
    const session = await vercel.connect();
    const { id } = structured<{ id: string }>(
      await session.call("vercel_deployment_create", { project: "web", ref: "main" }),
    );
    await waitUntilDone(session, id);
    const first = structured<Events>(
      await session.call("vercel_deployment_events", { deployment_id: id, limit: 4 }),
    );
    expect(first.events.notice).toBe(UNTRUSTED_NOTICE);
    expect(first.events.data.map((e) => e.text)).toEqual([
      "Cloning github.com/acme/web (Branch: main)",
      "Cloning completed",
      "Running build in Washington, D.C., USA (East) - iad1",
      'Running "npm run build"',
    ]);
    expect(first.next_cursor).not.toBeNull();
    const rest = structured<Events>(
      await session.call("vercel_deployment_events", {
        deployment_id: id,
        cursor: first.next_cursor,
        limit: 4,
      }),
    );
    expect(rest.events.data.map((e) => e.text)).toEqual([
      "> build",
      "Compiled successfully",
      "Build Completed in /vercel/output",
    ]);
    expect(rest.next_cursor).toBeNull();
    const later = structured<Events>(
      await session.call("vercel_deployment_events", {
        deployment_id: id,
        cursor: rest.follow_cursor,
      }),
    );
    expect(later.events.data).toEqual([]);
    expect(
      vercel.sandbox.recorder.to("vercel", `/v3/deployments/${id}/events`).at(-2)?.query,
    ).toMatchObject({ direction: "forward", limit: "4" });
  });

  it("shows the failing line of a broken build as stderr", async () => {
    const session = await vercel.connect();
    const { id } = structured<{ id: string }>(
      await session.call("vercel_deployment_create", { project: "web", ref: "broken" }),
    );
    await waitUntilDone(session, id);
    const log = structured<Events>(
      await session.call("vercel_deployment_events", { deployment_id: id }),
    );
    expect(log.events.data.at(-1)).toEqual(
      expect.objectContaining({
        type: "stderr",
        text: 'Error: Command "npm run build" exited with 1',
      }),
    );
  });
});

describe("vercel_deployment_cancel", () => {
  it("asks for confirmation first, sends nothing, then cancels with the token", async () => {
    const session = await queued.connect();
    const { id } = structured<{ id: string }>(
      await session.call("vercel_deployment_create", { project: "api", ref: "slow" }),
    );
    const ask = expectEnvelope(
      await session.call("vercel_deployment_cancel", { deployment_id: id }),
    );
    expect(ask.code).toBe("confirmation_required");
    expect(ask.message).toContain(`Cancel Vercel deployment ${id}`);
    expect(queued.sandbox.recorder.to("vercel", `/v12/deployments/${id}/cancel`)).toHaveLength(0);
    const done = await session.call("vercel_deployment_cancel", {
      deployment_id: id,
      confirm_token: ask.details?.confirm_token,
    });
    expect(structured(done)).toMatchObject({ id, state: "CANCELED" });
    expect(queued.sandbox.recorder.to("vercel", `/v12/deployments/${id}/cancel`)).toHaveLength(1);
    expect(await waitUntilDone(session, id)).toMatchObject({ state: "CANCELED" });
  });

  it("cancels at once when the user confirms through elicitation", async () => {
    const session = await queued.connect(
      {},
      { onElicit: () => ({ action: "accept", content: { confirm: true } }) },
    );
    const { id } = structured<{ id: string }>(
      await session.call("vercel_deployment_create", { project: "api", ref: "elicit" }),
    );
    expect(
      structured(await session.call("vercel_deployment_cancel", { deployment_id: id })),
    ).toMatchObject({ state: "CANCELED" });
  });

  it("passes on Vercel's refusal to cancel a finished deployment", async () => {
    const session = await vercel.connect(
      {},
      { onElicit: () => ({ action: "accept", content: { confirm: true } }) },
    );
    const { id } = structured<{ id: string }>(
      await session.call("vercel_deployment_create", { project: "api", ref: "done" }),
    );
    await waitUntilDone(session, id);
    const result = expectEnvelope(
      await session.call("vercel_deployment_cancel", { deployment_id: id }),
    );
    expect(result.code).toBe("invalid_request");
    expect(result.message).toContain("cannot be canceled because it is READY");
  });
});
