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

/** The SDK's error class: a non-2xx answer, with the response and its parsed body. */
export const PublicApiHttpError = publicApi.HttpError;
