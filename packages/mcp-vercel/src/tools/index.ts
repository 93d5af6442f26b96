import { deploymentCancel } from "./deployment-cancel.js";
import { deploymentCreate } from "./deployment-create.js";
import { deploymentEvents } from "./deployment-events.js";
import { deploymentGet } from "./deployment-get.js";
import { deploymentList } from "./deployment-list.js";
import { envList } from "./env-list.js";
import { envSet } from "./env-set.js";
import { projectList } from "./project-list.js";

/** Every Vercel tool, one per file. */
export const tools = [
  projectList,
  deploymentCreate,
  deploymentGet,
  deploymentList,
  deploymentEvents,
  deploymentCancel,
  envList,
  envSet,
];
