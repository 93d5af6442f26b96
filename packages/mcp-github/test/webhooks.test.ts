import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { structured } from "@agent-mesh/core/testing";
import { Octokit } from "@octokit/rest";
import { verify } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubSandbox } from "./setup.js";

const gh = useGitHubSandbox();

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

const deliveries: Delivery[] = [];
const waiters: Array<() => void> = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", () => {
    deliveries.push({ headers: req.headers, body });
    res.writeHead(204).end();
    for (const wake of waiters.splice(0)) wake();
  });
});

beforeAll(() => new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

async function deliveryOf(action: string, runId: number): Promise<Delivery> {
  for (;;) {
    const found = deliveries.find((d) => {
      const payload = JSON.parse(d.body) as { action: string; workflow_run: { id: number } };
      return payload.action === action && payload.workflow_run.id === runId;
    });
    if (found) return found;
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

describe("signed webhooks from the stand-in", () => {
  it("delivers workflow_run.completed for a dispatched run, verifiable with @octokit/webhooks-methods", async () => {
    const secret = "hook-secret-123";
    const { port } = receiver.address() as AddressInfo;
    // The operator registers the gateway's /hooks/github as a repository webhook (as the
    // Terraform module does), through GitHub's own API.
    const octokit = new Octokit({
      auth: gh.sandbox.env.GITHUB_TOKEN,
      baseUrl: gh.sandbox.urls.github,
    });
    const hook = await octokit.rest.repos.createWebhook({
      owner: "acme",
      repo: "web",
      config: { url: `http://127.0.0.1:${port}/hooks/github`, content_type: "json", secret },
      events: ["workflow_run"],
    });
    expect(hook.status).toBe(201);
    const session = await gh.connect();
    const out = structured<{ run: { id: number } }>(
      await session.call("github_workflow_dispatch", {
        repo: "acme/web",
        workflow: "ci.yml",
        ref: "main",
      }),
    );
    const done = await deliveryOf("completed", out.run.id);
    expect(done.headers["x-github-event"]).toBe("workflow_run");
    expect(done.headers["x-github-hook-id"]).toBe(String(hook.data.id));
    const signature = String(done.headers["x-hub-signature-256"]);
    expect(await verify(secret, done.body, signature)).toBe(true);
    expect(await verify("wrong-secret", done.body, signature)).toBe(false);
    const payload = JSON.parse(done.body) as {
      workflow_run: { status: string; conclusion: string };
      repository: { full_name: string };
    };
    expect(payload.workflow_run).toMatchObject({ status: "completed", conclusion: "success" });
    expect(payload.repository.full_name).toBe("acme/web");
    const requested = await deliveryOf("requested", out.run.id);
    expect(
      await verify(secret, requested.body, String(requested.headers["x-hub-signature-256"])),
    ).toBe(true);
  }, 60_000);
});
