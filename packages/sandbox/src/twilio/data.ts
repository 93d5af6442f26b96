/** Credentials and numbers of the one account the Twilio stand-in knows. */
export const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const AUTH_TOKEN = "sandbox-twilio-auth-token";
export const API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
export const API_KEY_SECRET = "sandbox-twilio-api-secret";
export const MESSAGING_SERVICE_SID = "MG0123456789abcdef0123456789abcdef";
export const VERIFY_SERVICE_SID = "VA0123456789abcdef0123456789abcdef";
/** Every verification the stand-in sends carries this code. */
export const VERIFY_CODE = "123456";

/** Twilio's magic From number for test credentials: always valid. */
export const MAGIC_FROM = "+15005550006";

/** Magic To numbers of Twilio's test credentials and the error each one answers. */
export const MAGIC_TO: Record<string, { code: number; message: string }> = {
  "+15005550001": {
    code: 21211,
    message: "The 'To' number +15005550001 is not a valid phone number.",
  },
  "+15005550002": {
    code: 21612,
    message:
      "The 'To' phone number is not currently reachable using the 'From' phone number via SMS.",
  },
  "+15005550003": {
    code: 21408,
    message:
      "Permission to send an SMS has not been enabled for the region indicated by the 'To' number.",
  },
  "+15005550004": { code: 21610, message: "Attempt to send to unsubscribed recipient" },
  "+15005550009": { code: 21614, message: "'To' number is not a valid mobile number" },
};

/** A number the account has not verified: a trial account may not reach it (21608). */
export const UNVERIFIED_TO = "+447700900001";

/** Numbers whose messages end undelivered or failed, with Twilio's delivery error codes. */
export const DELIVERY_FAILURES: Record<string, { status: "undelivered" | "failed"; code: number }> =
  {
    "+14155550199": { status: "undelivered", code: 30003 },
    "+14155550198": { status: "failed", code: 30008 },
  };

export interface IncomingNumber {
  sid: string;
  phone_number: string;
  friendly_name: string;
  sms_url: string;
  voice_url: string;
  status_callback: string;
}

export function seedNumbers(): IncomingNumber[] {
  return [
    {
      sid: "PN0123456789abcdef0123456789abcd01",
      phone_number: MAGIC_FROM,
      friendly_name: "(500) 555-0006",
      sms_url: "https://mesh.example.com/hooks/twilio",
      voice_url: "https://mesh.example.com/hooks/twilio/voice",
      status_callback: "",
    },
    {
      sid: "PN0123456789abcdef0123456789abcd02",
      phone_number: "+14155550100",
      friendly_name: "Support line",
      sms_url: "https://mesh.example.com/hooks/twilio",
      voice_url: "",
      status_callback: "https://mesh.example.com/hooks/twilio/status",
    },
    {
      sid: "PN0123456789abcdef0123456789abcd03",
      phone_number: "+14155550101",
      friendly_name: "Alerts",
      sms_url: "",
      voice_url: "",
      status_callback: "",
    },
  ];
}
