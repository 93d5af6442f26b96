import { buildPush } from "./build-push.js";
import { containerList } from "./container-list.js";
import { containerLogsGet } from "./container-logs-get.js";
import { imageBuild } from "./image-build.js";
import { imageInfo } from "./image-info.js";
import { imageList } from "./image-list.js";
import { imagePush } from "./image-push.js";
import { imageRemove } from "./image-remove.js";
import { imageTag } from "./image-tag.js";
import { registryTagList } from "./registry-tag-list.js";

/** Every tool of the platform, one per file. */
export const tools = [
  imageBuild,
  imagePush,
  buildPush,
  imageInfo,
  imageList,
  imageTag,
  imageRemove,
  registryTagList,
  containerList,
  containerLogsGet,
];
