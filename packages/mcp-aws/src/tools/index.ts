import { artifactDelete } from "./artifact-delete.js";
import { artifactGet } from "./artifact-get.js";
import { artifactList } from "./artifact-list.js";
import { artifactPut } from "./artifact-put.js";
import { artifactUrl } from "./artifact-url.js";
import { ecrImageScanFindingsGet } from "./ecr-image-scan-findings-get.js";
import { ecrImageScanStart } from "./ecr-image-scan-start.js";
import { eventSend } from "./event-send.js";
import { knowledgeBaseRetrieve } from "./knowledge-base-retrieve.js";
import { kvDelete } from "./kv-delete.js";
import { kvGet } from "./kv-get.js";
import { kvList } from "./kv-list.js";
import { kvSet } from "./kv-set.js";
import { logsQuery } from "./logs-query.js";
import { metricStatisticsGet } from "./metric-statistics-get.js";
import { modelConverse } from "./model-converse.js";
import { timelineAppend } from "./timeline-append.js";
import { timelineList } from "./timeline-list.js";
import { workflowGet } from "./workflow-get.js";
import { workflowList } from "./workflow-list.js";
import { workflowStart } from "./workflow-start.js";

/** Every AWS tool, one per file. */
export const tools = [
  kvGet,
  kvSet,
  kvDelete,
  kvList,
  artifactPut,
  artifactGet,
  artifactUrl,
  artifactList,
  artifactDelete,
  timelineAppend,
  timelineList,
  eventSend,
  workflowStart,
  workflowGet,
  workflowList,
  modelConverse,
  knowledgeBaseRetrieve,
  logsQuery,
  metricStatisticsGet,
  ecrImageScanFindingsGet,
  ecrImageScanStart,
];
