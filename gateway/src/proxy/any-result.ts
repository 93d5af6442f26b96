import { z } from "zod";

/** Accepts any result object unchanged: the gateway forwards, it does not reshape. */
export const anyResult = z.looseObject({});
