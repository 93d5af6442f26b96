import type { ConfigOf } from "@agent-mesh/core";
import { PlatformError } from "@agent-mesh/core";
import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECRClient } from "@aws-sdk/client-ecr";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { settings } from "./settings.js";

export type AwsConfig = ConfigOf<typeof settings>;

/**
 * The SDK clients the tools use, each built on first use with the region, credentials and
 * endpoint the configuration gives, and shared afterwards (they keep connections alive).
 */
export class AwsClients {
  private readonly built = new Map<string, unknown>();
  private credentialProvider: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;

  constructor(readonly config: AwsConfig) {
    quietNodeVersionWarning();
  }

  get dynamodb(): DynamoDBClient {
    return this.once(
      "dynamodb",
      () => new DynamoDBClient(this.options(this.config.dynamodbEndpointUrl)),
    );
  }

  get s3(): S3Client {
    return this.once(
      "s3",
      () =>
        new S3Client({
          ...this.options(this.config.s3EndpointUrl),
          forcePathStyle: this.config.s3ForcePathStyle,
        }),
    );
  }

  get eventbridge(): EventBridgeClient {
    return this.once(
      "eventbridge",
      () => new EventBridgeClient(this.options(this.config.eventbridgeEndpointUrl)),
    );
  }

  get sfn(): SFNClient {
    return this.once("sfn", () => new SFNClient(this.options(this.config.sfnEndpointUrl)));
  }

  // Bedrock's clients default to HTTP/2 for their streaming operations; Converse and Retrieve
  // are plain request/response, so HTTP/1.1 serves them and works through any proxy.
  get bedrockRuntime(): BedrockRuntimeClient {
    return this.once(
      "bedrock-runtime",
      () =>
        new BedrockRuntimeClient({
          ...this.options(this.config.bedrockRuntimeEndpointUrl),
          requestHandler: new NodeHttpHandler(),
        }),
    );
  }

  get bedrockAgentRuntime(): BedrockAgentRuntimeClient {
    return this.once(
      "bedrock-agent-runtime",
      () =>
        new BedrockAgentRuntimeClient({
          ...this.options(this.config.bedrockAgentRuntimeEndpointUrl),
          requestHandler: new NodeHttpHandler(),
        }),
    );
  }

  get logs(): CloudWatchLogsClient {
    return this.once(
      "logs",
      () => new CloudWatchLogsClient(this.options(this.config.logsEndpointUrl)),
    );
  }

  get cloudwatch(): CloudWatchClient {
    return this.once(
      "cloudwatch",
      () => new CloudWatchClient(this.options(this.config.cloudwatchEndpointUrl)),
    );
  }

  get ecr(): ECRClient {
    return this.once("ecr", () => new ECRClient(this.options(this.config.ecrEndpointUrl)));
  }

  private once<T>(name: string, build: () => T): T {
    let client = this.built.get(name) as T | undefined;
    if (client === undefined) {
      client = build();
      this.built.set(name, client);
    }
    return client;
  }

  private options(serviceEndpoint: string | undefined) {
    const endpoint = serviceEndpoint ?? this.config.endpointUrl;
    return {
      region: this.config.region,
      credentials: this.credentials(),
      maxAttempts: this.config.maxAttempts,
      ...(endpoint === undefined ? {} : { endpoint }),
    };
  }

  private credentials(): AwsCredentialIdentity | AwsCredentialIdentityProvider {
    if (this.credentialProvider) return this.credentialProvider;
    const { accessKeyId, secretAccessKey, sessionToken, profile } = this.config;
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      throw new PlatformError(
        "not_configured",
        accessKeyId === undefined
          ? "AWS_SECRET_ACCESS_KEY is set without AWS_ACCESS_KEY_ID; set both, or neither to use a profile or role"
          : "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY; set both, or neither to use a profile or role",
      );
    }
    this.credentialProvider =
      accessKeyId !== undefined && secretAccessKey !== undefined
        ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
        : fromNodeProviderChain(profile === undefined ? {} : { profile });
    return this.credentialProvider;
  }
}

/**
 * On Node 20 the SDK prints a nine-line NodeVersionSupportWarning (its releases from January 2027
 * need Node 22) to stderr, once per process: into every CLI call and the gateway's log. Node 20
 * is supported here, and `agent-mesh doctor` says this once in one line, so the SDK's own switch
 * turns it off, before the first client is built. A value the user set (e.g. "false") wins; no
 * other warning is affected.
 */
function quietNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}
