import { endpointSetting, flagSetting, listSetting, type Setting } from "@agent-mesh/core";
import { z } from "zod";

/** A comma-separated list (or, from mesh.yaml, a YAML list) of names, ARNs or `*` patterns. */
const names = listSetting();

const stateMachineArns = listSetting(
  z
    .string()
    .regex(
      /^arn:aws[a-z-]*:states:[^:]+:[^:]+:stateMachine:.+$/,
      "list state machine ARNs (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)",
    ),
);

const endpoint = (service: string, env: string) =>
  endpointSetting(env, `Endpoint for ${service} only (overrides AWS_ENDPOINT_URL)`);

/**
 * Every setting of the AWS server. Credentials follow AWS's standard chain when the keys are
 * not set here; endpoints and allow-lists are read from the environment or mesh.yaml.
 */
export const settings = {
  region: {
    env: "AWS_REGION",
    schema: z.string().min(1).optional(),
    description: "AWS region (default: AWS_DEFAULT_REGION or the profile's region)",
  },
  profile: {
    env: "AWS_PROFILE",
    schema: z.string().min(1).optional(),
    description: "Named profile from ~/.aws/config (SSO, assume-role and process profiles work)",
  },
  accessKeyId: {
    env: "AWS_ACCESS_KEY_ID",
    schema: z.string().min(1).optional(),
    description:
      "Access key id; omit to use the standard chain (profile, SSO, container or instance role)",
  },
  secretAccessKey: {
    env: "AWS_SECRET_ACCESS_KEY",
    schema: z.string().min(1).optional(),
    description: "Secret access key, with AWS_ACCESS_KEY_ID",
    secret: true,
  },
  sessionToken: {
    env: "AWS_SESSION_TOKEN",
    schema: z.string().min(1).optional(),
    // Not a secret on its own (useless without the secret key), and part of every presigned
    // URL made with temporary credentials, which redaction would break.
    description: "Session token of temporary credentials",
  },
  maxAttempts: {
    env: "AWS_MAX_ATTEMPTS",
    schema: z.coerce.number().int().min(1).max(10).default(3),
    description: "Attempts per AWS call, retries included, with the SDK's backoff (default 3)",
  },
  endpointUrl: {
    env: "AWS_ENDPOINT_URL",
    schema: z.url().optional(),
    description: "One endpoint for every service (the sandbox, LocalStack)",
  },
  dynamodbEndpointUrl: endpoint("DynamoDB", "AWS_ENDPOINT_URL_DYNAMODB"),
  s3EndpointUrl: endpoint("S3", "AWS_ENDPOINT_URL_S3"),
  eventbridgeEndpointUrl: endpoint("EventBridge", "AWS_ENDPOINT_URL_EVENTBRIDGE"),
  sfnEndpointUrl: endpoint("Step Functions", "AWS_ENDPOINT_URL_SFN"),
  bedrockRuntimeEndpointUrl: endpoint("Bedrock Runtime", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"),
  bedrockAgentRuntimeEndpointUrl: endpoint(
    "Bedrock Agent Runtime",
    "AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME",
  ),
  logsEndpointUrl: endpoint("CloudWatch Logs", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"),
  cloudwatchEndpointUrl: endpoint("CloudWatch metrics", "AWS_ENDPOINT_URL_CLOUDWATCH"),
  ecrEndpointUrl: endpoint("ECR", "AWS_ENDPOINT_URL_ECR"),
  s3ForcePathStyle: {
    env: "AWS_S3_FORCE_PATH_STYLE",
    schema: flagSetting().default(false),
    description: "Address buckets by path, not subdomain (S3 emulators need it)",
  },
  tables: {
    env: "AGENT_MESH_AWS_TABLES",
    schema: names,
    description:
      "DynamoDB tables for key-value memory and the timeline (key pk, sort key sk, TTL on expires_at); the first is the default",
  },
  buckets: {
    env: "AGENT_MESH_AWS_BUCKETS",
    schema: names,
    description: "S3 buckets for artifacts; the first is the default",
  },
  eventBuses: {
    env: "AGENT_MESH_AWS_EVENT_BUSES",
    schema: names,
    description: "EventBridge buses events may go to; the first is the default",
  },
  stateMachines: {
    env: "AGENT_MESH_AWS_STATE_MACHINES",
    schema: stateMachineArns,
    description:
      "Step Functions state machine ARNs that may be started and read (`*` patterns allowed)",
  },
  models: {
    env: "AGENT_MESH_AWS_MODELS",
    schema: names,
    description:
      "Bedrock model or inference profile ids that may be invoked; the first is the default",
  },
  knowledgeBases: {
    env: "AGENT_MESH_AWS_KNOWLEDGE_BASES",
    schema: names,
    description: "Bedrock knowledge base ids that may be searched; the first is the default",
  },
  logGroups: {
    env: "AGENT_MESH_AWS_LOG_GROUPS",
    schema: names,
    description: "CloudWatch log groups that may be queried (`*` patterns allowed)",
  },
  metricNamespaces: {
    env: "AGENT_MESH_AWS_METRIC_NAMESPACES",
    schema: names,
    description: "CloudWatch metric namespaces that may be read (default: any)",
  },
  ecrRepositories: {
    env: "AGENT_MESH_AWS_ECR_REPOSITORIES",
    schema: names,
    description:
      "ECR repositories whose image scans may be read and started (`*` patterns allowed); the first is the default",
  },
  readOnly: {
    env: "AWS_READ_ONLY",
    schema: flagSetting().default(false),
    description: "true hides every tool that writes",
  },
  artifactMaxBytes: {
    env: "AGENT_MESH_AWS_ARTIFACT_MAX_BYTES",
    schema: z.coerce
      .number()
      .int()
      .min(1)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    description:
      "Largest artifact returned inline by aws_artifact_get (default 1 MiB); larger ones get a presigned URL",
  },
} satisfies Record<string, Setting>;
