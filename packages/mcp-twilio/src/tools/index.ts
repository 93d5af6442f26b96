import { withRequestSignal } from "../request-signal.js";
import { callCreate } from "./call-create.js";
import { callGet } from "./call-get.js";
import { callList } from "./call-list.js";
import { callUpdate } from "./call-update.js";
import { messageCancel } from "./message-cancel.js";
import { messageGet } from "./message-get.js";
import { messageList } from "./message-list.js";
import { messageSend } from "./message-send.js";
import { numberList } from "./number-list.js";
import { numberLookup } from "./number-lookup.js";
import { verificationCheck } from "./verification-check.js";
import { verificationStart } from "./verification-start.js";

/** Every tool of the platform, one per file; each runs its requests under its call's signal. */
export const tools = [
  messageSend,
  messageGet,
  messageList,
  messageCancel,
  callCreate,
  callGet,
  callList,
  callUpdate,
  numberList,
  numberLookup,
  verificationStart,
  verificationCheck,
].map(withRequestSignal);
