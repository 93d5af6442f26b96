import { codeForHttpStatus, type ErrorCode, PlatformError } from "@agent-mesh/core";

/** AWS error names (across services) and the envelope code each means. */
const CODES: Record<string, ErrorCode> = {
  ThrottlingException: "rate_limited",
  Throttling: "rate_limited",
  TooManyRequestsException: "rate_limited",
  ProvisionedThroughputExceededException: "rate_limited",
  RequestLimitExceeded: "rate_limited",
  SlowDown: "rate_limited",
  LimitExceededException: "rate_limited",
  ServiceQuotaExceededException: "rate_limited",
  AccessDeniedException: "permission_denied",
  AccessDenied: "permission_denied",
  AuthorizationErrorException: "permission_denied",
  KMSAccessDeniedException: "permission_denied",
  UnrecognizedClientException: "authentication_error",
  InvalidSignatureException: "authentication_error",
  SignatureDoesNotMatch: "authentication_error",
  InvalidAccessKeyId: "authentication_error",
  InvalidClientTokenId: "authentication_error",
  ExpiredToken: "authentication_error",
  ExpiredTokenException: "authentication_error",
  MissingAuthenticationTokenException: "authentication_error",
  IncompleteSignatureException: "authentication_error",
  ResourceNotFoundException: "not_found",
  NoSuchKey: "not_found",
  NoSuchBucket: "not_found",
  NoSuchVersion: "not_found",
  NotFound: "not_found",
  StateMachineDoesNotExist: "not_found",
  RepositoryNotFoundException: "not_found",
  ImageNotFoundException: "not_found",
  ScanNotFoundException: "not_found",
  UnsupportedImageTypeException: "invalid_request",
  ServerException: "upstream_unavailable",
  ExecutionDoesNotExist: "not_found",
  ConditionalCheckFailedException: "conflict",
  TransactionConflictException: "conflict",
  ExecutionAlreadyExists: "conflict",
  ConflictException: "conflict",
  PreconditionFailed: "conflict",
  ValidationException: "invalid_request",
  SerializationException: "invalid_request",
  InvalidParameterException: "invalid_request",
  InvalidParameterValueException: "invalid_request",
  InvalidParameterCombinationException: "invalid_request",
  MissingRequiredParameterException: "invalid_request",
  MalformedQueryException: "invalid_request",
  InvalidArn: "invalid_request",
  InvalidName: "invalid_request",
  InvalidExecutionInput: "invalid_request",
  InvalidToken: "invalid_request",
  InvalidRequest: "invalid_request",
  InvalidArgument: "invalid_request",
  EntityTooLarge: "invalid_request",
  ModelTimeoutException: "timeout",
  ModelNotReadyException: "upstream_unavailable",
  ServiceUnavailable: "upstream_unavailable",
  ServiceUnavailableException: "upstream_unavailable",
  InternalServerError: "upstream_unavailable",
  InternalServerException: "upstream_unavailable",
  InternalFailure: "upstream_unavailable",
  InternalError: "upstream_unavailable",
};

const HINTS: Partial<Record<ErrorCode, string>> = {
  rate_limited: "AWS is throttling these calls; wait and retry, or raise the quota.",
  permission_denied:
    "The credentials lack an IAM permission for this action or resource; the aws_integration module's policy grants what these tools use.",
  authentication_error:
    "AWS rejected the credentials; check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the role, and that they have not expired.",
};

const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EPIPE",
]);

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

/** Every failure of an AWS SDK call, in one place, as the standard envelope. */
export function mapError(error: unknown): PlatformError | undefined {
  if (!(error instanceof Error)) return undefined;
  const err = error as Error & SdkError;
  const name = err.name ?? "";
  if (name === "CredentialsProviderError") {
    return new PlatformError(
      "not_configured",
      "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a container or instance role is available.",
      { cause: error },
    );
  }
  if (/region is missing|region not accepted/i.test(err.message)) {
    return new PlatformError(
      "not_configured",
      "No usable AWS region: set AWS_REGION to one such as us-east-1.",
      { cause: error },
    );
  }
  if (name === "TimeoutError" || err.code === "ETIMEDOUT") {
    return new PlatformError("timeout", `AWS did not answer in time: ${err.message}`, {
      cause: error,
    });
  }
  if (err.code !== undefined && NETWORK.has(err.code)) {
    return new PlatformError(
      "upstream_unavailable",
      `Cannot reach AWS (${err.code}): check the network, AWS_REGION and any AWS_ENDPOINT_URL setting.`,
      { cause: error },
    );
  }
  const status = err.$metadata?.httpStatusCode;
  if (status === undefined && CODES[name] === undefined) return undefined;
  const code = itemTooLarge(err)
    ? "invalid_request"
    : (CODES[name] ?? codeForHttpStatus(status ?? 500));
  const hint = itemTooLarge(err)
    ? " A DynamoDB item holds at most 400 KB: store large data with aws_artifact_put and keep its key instead."
    : name === "ScanNotFoundException"
      ? " The image has not been scanned: start a scan with aws_ecr_image_scan_start, or turn on scan on push."
      : HINTS[code]
        ? ` ${HINTS[code]}`
        : "";
  return new PlatformError(code, `AWS ${name}: ${err.message}${hint}`, {
    cause: error,
    details: status === undefined ? {} : { aws_error: name, http_status: status },
  });
}

function itemTooLarge(err: SdkError): boolean {
  return err.name === "ValidationException" && /item size has exceeded/i.test(err.message ?? "");
}
