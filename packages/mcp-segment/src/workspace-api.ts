import publicApi from "@segment/public-api-sdk-typescript";

const { DeliveryOverviewApi, DestinationsApi, SourcesApi } = publicApi;

/** The Public API SDK's clients the workspace tools use, pointed at one base URL. */
export interface WorkspaceApi {
  sources: InstanceType<typeof SourcesApi>;
  destinations: InstanceType<typeof DestinationsApi>;
  deliveryOverview: InstanceType<typeof DeliveryOverviewApi>;
}

/** Segment's official Public API SDK (@segment/public-api-sdk-typescript), bearer token set. */
export function createWorkspaceApi(token: string, basePath: string): WorkspaceApi {
  const base = basePath.replace(/\/+$/, "");
  const api = {
    sources: new SourcesApi(base),
    destinations: new DestinationsApi(base),
    deliveryOverview: new DeliveryOverviewApi(base),
  };
  for (const client of Object.values(api)) client.accessToken = token;
  return api;
}

/** The SDK's error for a non-2xx answer: the response and its parsed body. */
export interface PublicApiHttpError {
  name: "HttpError";
  statusCode?: number;
  body: unknown;
  response?: { statusCode?: number; headers?: Record<string, string | string[] | undefined> };
}

/**
 * Whether an error is the SDK's HttpError. Checked by shape, not instanceof: the SDK is CommonJS
 * and a bundler or test runner may load its class more than once.
 */
export function isPublicApiHttpError(error: unknown): error is PublicApiHttpError {
  return (
    error instanceof Error && error.name === "HttpError" && "body" in error && "response" in error
  );
}
