import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { type Untrusted, useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();
type Reply = {
  model_id: string;
  text: string;
  stop_reason: string;
  usage: { input_tokens: number; output_tokens: number; total_tokens: number };
};
type Passage = { text: string; score: number; location: string; metadata: Record<string, unknown> };

describe("aws_model_converse", () => {
  it("sends a prompt through Converse and returns text, stop reason and usage", async () => {
    const session = await aws.connect();
    const reply = structured<Reply>(
      await session.call("aws_model_converse", {
        prompt: "Summarise the release",
        system: "Be brief.",
        temperature: 0.2,
      }),
    );
    expect(reply).toMatchObject({
      model_id: "anthropic.claude-3-5-haiku-20241022-v1:0",
      stop_reason: "end_turn",
    });
    expect(reply.text).toContain('you said "Summarise the release"');
    expect(reply.usage.total_tokens).toBe(reply.usage.input_tokens + reply.usage.output_tokens);
    const [request] = aws.all().filter((r) => r.path.endsWith("/converse"));
    expect(request?.path).toBe("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
    expect(request?.body).toEqual({
      messages: [{ role: "user", content: [{ text: "Summarise the release" }] }],
      system: [{ text: "Be brief." }],
      inferenceConfig: { maxTokens: 1024, temperature: 0.2 },
    });
  });

  it("continues a conversation and reports max_tokens when the reply is cut", async () => {
    const session = await aws.connect();
    const reply = structured<Reply>(
      await session.call("aws_model_converse", {
        model_id: "amazon.nova-micro-v1:0",
        messages: [
          { role: "user", text: "hi" },
          { role: "assistant", text: "hello" },
          { role: "user", text: "tell me everything" },
        ],
        max_tokens: 3,
      }),
    );
    expect(reply).toMatchObject({ stop_reason: "max_tokens", usage: { output_tokens: 3 } });
  });

  it("passes Bedrock's validation errors through, and refuses prompt with messages", async () => {
    const session = await aws.connect();
    const wrongOrder = expectEnvelope(
      await session.call("aws_model_converse", { messages: [{ role: "assistant", text: "hi" }] }),
    );
    expect(wrongOrder.code).toBe("invalid_request");
    expect(wrongOrder.message).toContain("must start with a user message");
    const both = expectEnvelope(
      await session.call("aws_model_converse", {
        prompt: "a",
        messages: [{ role: "user", text: "b" }],
      }),
    );
    expect(both.code).toBe("invalid_request");
    expect(both.message).toContain("either prompt or messages");
  });

  it("refuses a model outside AGENT_MESH_AWS_MODELS before calling Bedrock", async () => {
    const session = await aws.connect();
    const before = aws.all().length;
    const error = expectEnvelope(
      await session.call("aws_model_converse", {
        prompt: "x",
        model_id: "anthropic.claude-opus-4",
      }),
    );
    expect(error.code).toBe("policy_denied");
    expect(aws.all()).toHaveLength(before);
  });
});

describe("aws_knowledge_base_retrieve", () => {
  it("returns the most relevant passages first, marked as untrusted data", async () => {
    const session = await aws.connect();
    const out = structured<{
      knowledge_base_id: string;
      results: Untrusted<Passage[]>;
      next_cursor: string | null;
    }>(
      await session.call("aws_knowledge_base_retrieve", {
        query: "how do I roll back a deploy",
        number_of_results: 2,
      }),
    );
    expect(out.knowledge_base_id).toBe("KBSANDBOX01");
    expect(out.results.notice).toMatch(/untrusted/i);
    expect(out.results.data).toHaveLength(2);
    expect(out.results.data[0]?.location).toBe("s3://agent-mesh-sandbox-kb/runbooks/deploy.md");
    expect(out.results.data[0]?.score).toBeGreaterThan(out.results.data[1]?.score ?? 1);
    expect(out.next_cursor).toEqual(expect.any(String));
    expect(aws.all().find((r) => r.path.endsWith("/retrieve"))?.body).toEqual({
      retrievalQuery: { text: "how do I roll back a deploy" },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } },
    });
    const next = structured<{ results: Untrusted<Passage[]> }>(
      await session.call("aws_knowledge_base_retrieve", {
        query: "how do I roll back a deploy",
        number_of_results: 2,
        cursor: out.next_cursor,
      }),
    );
    expect(next.results.data.map((p) => p.location)).not.toContain(out.results.data[0]?.location);
  });

  it("refuses knowledge bases outside the allow-list, and reports unknown allowed ones as not_found", async () => {
    const session = await aws.connect({ AGENT_MESH_AWS_KNOWLEDGE_BASES: "KBSANDBOX01,KBGONE" });
    const denied = expectEnvelope(
      await session.call("aws_knowledge_base_retrieve", {
        query: "x",
        knowledge_base_id: "KBOTHER",
      }),
    );
    expect(denied.code).toBe("policy_denied");
    const missing = expectEnvelope(
      await session.call("aws_knowledge_base_retrieve", {
        query: "x",
        knowledge_base_id: "KBGONE",
      }),
    );
    expect(missing.code).toBe("not_found");
  });
});
