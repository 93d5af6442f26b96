import { KB_DOCUMENTS, KNOWLEDGE_BASE, MODELS } from "./data.js";
import { AwsError, decodeToken, encodeToken, validation } from "./protocol.js";

interface Message {
  role?: unknown;
  content?: Array<{ text?: unknown }>;
}

/** Bedrock Runtime Converse: Bedrock's validation of conversations and a deterministic reply. */
export function converse(modelId: string, body: Record<string, unknown>) {
  if (!MODELS.includes(modelId)) {
    throw validation("The provided model identifier is invalid.");
  }
  const messages = body.messages as Message[] | undefined;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw validation(
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
    );
  }
  for (const [index, message] of messages.entries()) {
    const expected = index % 2 === 0 ? "user" : "assistant";
    if (message.role !== expected) {
      throw validation(
        index === 0
          ? "A conversation must start with a user message. Try again with a conversation that starts with a user message."
          : "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
      );
    }
    if (!Array.isArray(message.content) || message.content.length === 0) {
      throw validation(
        `The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`,
      );
    }
  }
  if (messages.length % 2 === 0) {
    throw validation(
      "A conversation must end with a user message. Try again with a conversation that ends with a user message.",
    );
  }
  const config = (body.inferenceConfig ?? {}) as { maxTokens?: number; temperature?: number };
  if (
    config.maxTokens !== undefined &&
    (!Number.isInteger(config.maxTokens) || config.maxTokens < 1)
  ) {
    throw validation("The maximum tokens you requested exceeds the model limit or is below 1.");
  }
  if (config.temperature !== undefined && (config.temperature < 0 || config.temperature > 1)) {
    throw validation("temperature must be between 0 and 1.");
  }
  const system = ((body.system ?? []) as Array<{ text?: unknown }>).map((s) =>
    String(s.text ?? ""),
  );
  const last = messages[messages.length - 1] as Message;
  const said = (last.content ?? []).map((c) => String(c.text ?? "")).join(" ");
  const words =
    `Sandbox reply from ${modelId}${system.length > 0 ? " (with a system prompt)" : ""}: you said "${said}".`.split(
      " ",
    );
  const max = config.maxTokens ?? 4096;
  const reply = words.slice(0, max).join(" ");
  const inputTokens = tokens(
    [
      ...system,
      ...messages.flatMap((m) => (m.content ?? []).map((c) => String(c.text ?? ""))),
    ].join(" "),
  );
  const outputTokens = Math.min(words.length, max);
  return {
    output: { message: { role: "assistant", content: [{ text: reply }] } },
    stopReason: words.length > max ? "max_tokens" : "end_turn",
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    metrics: { latencyMs: 12 },
  };
}

/** Bedrock Agent Runtime Retrieve: ranks the sandbox knowledge base by term overlap. */
export function retrieve(knowledgeBaseId: string, body: Record<string, unknown>) {
  if (knowledgeBaseId !== KNOWLEDGE_BASE) {
    throw new AwsError(
      "ResourceNotFoundException",
      `Knowledge base with id ${knowledgeBaseId} does not exist`,
      404,
    );
  }
  const query = (body.retrievalQuery as { text?: unknown } | undefined)?.text;
  if (typeof query !== "string" || query.length < 1 || query.length > 1000) {
    throw validation(
      "1 validation error detected: Value at 'retrievalQuery.text' failed to satisfy constraint: Member must have length between 1 and 1000",
    );
  }
  const config = body.retrievalConfiguration as
    | { vectorSearchConfiguration?: { numberOfResults?: number } }
    | undefined;
  const count = config?.vectorSearchConfiguration?.numberOfResults ?? 5;
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw validation(
      "1 validation error detected: Value at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value between 1 and 100",
    );
  }
  const terms = words(query);
  const ranked = KB_DOCUMENTS.map((doc) => {
    const docWords = new Set(words(doc.text));
    const hits = terms.filter((t) => docWords.has(t)).length;
    return { doc, score: terms.length === 0 ? 0 : Math.round((hits / terms.length) * 1000) / 1000 };
  }).sort((a, b) => b.score - a.score);
  const offset = decodeToken(body.nextToken, "ValidationException");
  const slice = ranked.slice(offset, offset + count);
  const more = offset + count < ranked.length;
  return {
    retrievalResults: slice.map(({ doc, score }) => ({
      content: { text: doc.text, type: "TEXT" },
      location: { type: "S3", s3Location: { uri: doc.uri } },
      score,
      metadata: { "x-amz-bedrock-kb-source-uri": doc.uri },
    })),
    ...(more ? { nextToken: encodeToken(offset + count) } : {}),
  };
}

const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
const tokens = (text: string) => words(text).length;
