import { batchSend } from "./batch-send.js";
import { deliveryMetricsGet } from "./delivery-metrics-get.js";
import { destinationList } from "./destination-list.js";
import { eventTrack } from "./event-track.js";
import { groupIdentify } from "./group-identify.js";
import { pageTrack } from "./page-track.js";
import { sourceGet } from "./source-get.js";
import { sourceList } from "./source-list.js";
import { userAlias } from "./user-alias.js";
import { userIdentify } from "./user-identify.js";

/** Every tool of the platform, one per file: tracking first, then the workspace. */
export const tools = [
  eventTrack,
  userIdentify,
  pageTrack,
  groupIdentify,
  userAlias,
  batchSend,
  sourceList,
  sourceGet,
  destinationList,
  deliveryMetricsGet,
];
