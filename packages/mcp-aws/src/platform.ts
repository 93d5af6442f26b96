import { definePlatform } from "@agent-mesh/core";
import { AwsClients } from "./clients.js";
import { mapError } from "./errors.js";
import { settings } from "./settings.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "aws",
  title: "AWS",
  version: "0.1.0",
  description:
    "AWS for AI agents: key-value memory and a timeline on DynamoDB, artifacts on S3, EventBridge events, Step Functions workflows, Bedrock models and knowledge bases, CloudWatch logs and metrics, ECR image scans; limited to the resources you allow.",
  config: settings,
  client: (config) => new AwsClients(config),
  tools,
  mapError,
});
