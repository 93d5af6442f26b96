import { definePlatform, endpointSetting, flagSetting, listSetting } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { E164_PATTERN } from "./e164.js";
import { mapError } from "./errors.js";
import { MESSAGING_SERVICE } from "./safety.js";
import { tools } from "./tools/index.js";

const sender = z
  .string()
  .refine((value) => E164_PATTERN.test(value) || MESSAGING_SERVICE.test(value), {
    message: "each sender is an E.164 number (+14155550100) or a messaging service SID (MG...)",
  });

export const platform = definePlatform({
  name: "twilio",
  title: "Twilio",
  version: "0.1.0",
  description:
    "Twilio for AI agents: SMS/MMS and voice calls that reach the right person once, numbers, Lookup and Verify.",
  config: {
    accountSid: {
      env: "TWILIO_ACCOUNT_SID",
      schema: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "an account SID is AC + 32 hex characters"),
      description: "Account SID (AC...), from the Twilio console",
    },
    authToken: {
      env: "TWILIO_AUTH_TOKEN",
      schema: z.string().min(1).optional(),
      description: "Auth token of the account (or set TWILIO_API_KEY and TWILIO_API_SECRET)",
      secret: true,
    },
    apiKey: {
      env: "TWILIO_API_KEY",
      schema: z
        .string()
        .regex(/^SK[0-9a-fA-F]{32}$/, "an API key SID is SK + 32 hex characters")
        .optional(),
      description: "API key SID (SK...), used with TWILIO_API_SECRET instead of the auth token",
    },
    apiSecret: {
      env: "TWILIO_API_SECRET",
      schema: z.string().min(1).optional(),
      description: "Secret of TWILIO_API_KEY",
      secret: true,
    },
    from: {
      env: "TWILIO_FROM",
      schema: listSetting(sender),
      description:
        "Senders the server may use: E.164 numbers and messaging service SIDs (MG...), comma-separated; the first is the default",
    },
    recipients: {
      env: "TWILIO_ALLOWED_RECIPIENTS",
      schema: listSetting(),
      description: "Numbers messages and calls may go to (globs such as +1415*); empty allows any",
    },
    countries: {
      env: "TWILIO_ALLOWED_COUNTRIES",
      schema: listSetting(
        z.string().regex(/^\+[1-9]\d{0,3}$/, "a country calling code such as +1 or +44"),
      ),
      description: "Country calling codes recipients must have (+1,+44); empty allows any",
    },
    verifyServices: {
      env: "TWILIO_VERIFY_SERVICES",
      schema: listSetting(z.string().regex(/^VA[0-9a-fA-F]{32}$/, "a Verify service SID (VA...)")),
      description:
        "Verify services (VA...) the verification tools may use; the first is the default",
    },
    confirmSegments: {
      env: "TWILIO_CONFIRM_SEGMENTS",
      schema: z.coerce.number().int().min(1).default(3),
      description: "A message longer than this many SMS segments asks for confirmation (default 3)",
    },
    confirmRecipientsPerMinute: {
      env: "TWILIO_CONFIRM_RECIPIENTS_PER_MINUTE",
      schema: z.coerce.number().int().min(0).default(5),
      description:
        "Messaging more distinct recipients than this within a minute asks for confirmation (default 5)",
    },
    readOnly: {
      env: "TWILIO_READ_ONLY",
      schema: flagSetting().default(false),
      description: "true hides every tool that sends, calls or changes something",
    },
    baseUrl: endpointSetting(
      "TWILIO_API_URL",
      "Send every Twilio API request (api, lookups, verify) to this origin instead: the sandbox or a proxy",
    ),
    edge: {
      env: "TWILIO_EDGE",
      schema: z.string().min(1).optional(),
      description: "Twilio edge location (sydney, dublin, ...), as the SDK's edge option",
    },
    region: {
      env: "TWILIO_REGION",
      schema: z.string().min(1).optional(),
      description: "Twilio processing region (au1, ie1, ...), as the SDK's region option",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
