import { type Context, Hono } from "hono";
import { defineStandIn } from "../stand-in.js";
import { converse, retrieve } from "./bedrock.js";
import {
  ACCESS_KEY_ID,
  BUCKET,
  ECR_REPOSITORIES,
  EVENT_BUS,
  KNOWLEDGE_BASE,
  LOG_GROUP,
  MODELS,
  REGION,
  SECRET_ACCESS_KEY,
  STATE_MACHINE,
  stateMachineArn,
  TABLE,
} from "./data.js";
import { startDynamo } from "./dynamodb.js";
import { createEcr } from "./ecr.js";
import { createEvents } from "./events.js";
import { forward } from "./forward.js";
import { createLogs } from "./logs.js";
import { createMetrics } from "./metrics.js";
import { AwsError, errorResponse, jsonResponse, readJson } from "./protocol.js";
import { startS3 } from "./s3.js";
import { s3Request } from "./s3-front.js";
import { createSfn } from "./sfn.js";
import { verifySigV4 } from "./sigv4.js";

type Handler = (body: Record<string, unknown>) => unknown;

const secretFor = (keyId: string) => (keyId === ACCESS_KEY_ID ? SECRET_ACCESS_KEY : undefined);
const REST_JSON = "application/json";

/** Settings a developer's shell may hold that would take sandbox calls elsewhere. */
const ESCAPES = [
  "AWS_PROFILE",
  "AWS_SESSION_TOKEN",
  "AWS_ENDPOINT_URL_DYNAMODB",
  "AWS_ENDPOINT_URL_S3",
  "AWS_ENDPOINT_URL_EVENTBRIDGE",
  "AWS_ENDPOINT_URL_SFN",
  "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
  "AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME",
  "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
  "AWS_ENDPOINT_URL_CLOUDWATCH",
  "AWS_ENDPOINT_URL_ECR",
  "AGENT_MESH_AWS_METRIC_NAMESPACES",
];

/**
 * Stand-in for AWS on one port: S3 is s3rver and DynamoDB is dynalite (real emulators, behind
 * this app so the recorder sees every request); EventBridge, Step Functions, Bedrock Runtime,
 * Bedrock Agent Runtime, CloudWatch Logs, CloudWatch and ECR image scanning are fakes speaking AWS's JSON
 * protocols, checking Signature V4 and answering with AWS's error shapes.
 */
export const aws = defineStandIn({
  name: "aws",
  title: "AWS",
  credentials: { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY },
  env: (url) => ({
    // Blank what would lead out of the sandbox: a profile, a session token, another endpoint.
    ...Object.fromEntries(ESCAPES.map((name) => [name, ""])),
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL: url,
    AWS_S3_FORCE_PATH_STYLE: "true",
    AGENT_MESH_AWS_TABLES: TABLE,
    AGENT_MESH_AWS_BUCKETS: BUCKET,
    AGENT_MESH_AWS_EVENT_BUSES: EVENT_BUS,
    AGENT_MESH_AWS_STATE_MACHINES: stateMachineArn(STATE_MACHINE),
    AGENT_MESH_AWS_MODELS: MODELS.join(","),
    AGENT_MESH_AWS_KNOWLEDGE_BASES: KNOWLEDGE_BASE,
    AGENT_MESH_AWS_LOG_GROUPS: LOG_GROUP,
    AGENT_MESH_AWS_ECR_REPOSITORIES: ECR_REPOSITORIES.join(","),
  }),
  createApp: async ({ recorder, faults, stepMs, onClose }) => {
    const s3 = await startS3([BUCKET], {
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
    });
    onClose(s3.close);
    const dynamo = await startDynamo([TABLE]);
    onClose(dynamo.close);

    const events = createEvents();
    const services: Record<string, Record<string, Handler>> = {
      AWSEvents: events.handlers,
      AWSStepFunctions: createSfn(stepMs),
      Logs_20140328: createLogs(stepMs),
      GraniteServiceVersion20100801: createMetrics(),
      AmazonEC2ContainerRegistry_V20150921: createEcr(stepMs),
    };

    const app = new Hono();
    app.use("*", recorder.middleware("aws"));
    app.use("*", faults.middleware("aws"));
    app.all("*", async (c) => {
      const target = c.req.header("x-amz-target");
      const contentType = target
        ? (c.req.header("content-type") ?? "application/x-amz-json-1.1")
        : REST_JSON;
      const rest = restOperation(c);
      // Everything that is not an AWS JSON call is S3's REST-XML API; s3rver checks signatures.
      if (!target && !rest) return s3Request(s3, c.req.raw);
      try {
        const body = new Uint8Array(await c.req.raw.arrayBuffer());
        const url = new URL(c.req.url);
        verifySigV4(
          {
            method: c.req.method,
            rawPath: url.pathname,
            rawQuery: url.search.slice(1),
            headers: c.req.raw.headers,
            body,
          },
          secretFor,
        );
        if (target?.startsWith("DynamoDB_20120810.")) return forward(dynamo.url, c.req.raw, body);
        if (rest) return jsonResponse(rest(readJson(body)), REST_JSON);
        const [service = "", operation = ""] = (target as string).split(".");
        const handler = services[service]?.[operation];
        if (!handler)
          throw new AwsError("UnknownOperationException", `Unknown operation ${target}`);
        return jsonResponse(await handler(readJson(body)), contentType);
      } catch (err) {
        if (err instanceof AwsError) return errorResponse(err, contentType);
        throw err;
      }
    });
    return app;
  },
});

/** Bedrock's REST JSON operations, by path. */
function restOperation(c: Context): Handler | undefined {
  if (c.req.method !== "POST") return undefined;
  const model = /^\/model\/([^/]+)\/converse$/.exec(c.req.path);
  if (model) return (body) => converse(decodeURIComponent(model[1] as string), body);
  const kb = /^\/knowledgebases\/([^/]+)\/retrieve$/.exec(c.req.path);
  if (kb) return (body) => retrieve(decodeURIComponent(kb[1] as string), body);
  return undefined;
}
