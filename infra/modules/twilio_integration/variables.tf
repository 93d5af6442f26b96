variable "account_sid" {
  description = "Account SID (AC...) the server acts in."
  type        = string

  validation {
    condition     = can(regex("^AC[0-9a-fA-F]{32}$", var.account_sid))
    error_message = "account_sid is AC followed by 32 hex characters."
  }
}

variable "auth_token" {
  description = "Auth token the server uses, when no API key is given. Keep it in a secret manager."
  type        = string
  default     = null
  sensitive   = true
}

variable "api_key_sid" {
  description = "API key SID (SK...) the server uses instead of the auth token (recommended: revocable)."
  type        = string
  default     = null

  validation {
    condition     = var.api_key_sid == null || can(regex("^SK[0-9a-fA-F]{32}$", var.api_key_sid))
    error_message = "api_key_sid is SK followed by 32 hex characters."
  }
}

variable "api_key_secret" {
  description = "Secret of api_key_sid."
  type        = string
  default     = null
  sensitive   = true
}

variable "name" {
  description = "Friendly name of the messaging service (and Verify service)."
  type        = string
  default     = "agent-mesh"
}

variable "phone_number" {
  description = "The incoming number in E.164 form (+14155550100): bought, or imported when the account has it."
  type        = string

  validation {
    condition     = can(regex("^\\+[1-9][0-9]{1,14}$", var.phone_number))
    error_message = "phone_number must be E.164, e.g. +14155550100 (no spaces or punctuation)."
  }
}

variable "extra_sender_sids" {
  description = "SIDs (PN...) of numbers the account already owns to add to the sender pool."
  type        = list(string)
  default     = []
}

variable "gateway_url" {
  description = "Public https URL of the agent-mesh gateway; webhooks go to <gateway_url>/hooks/twilio."
  type        = string

  validation {
    condition     = can(regex("^https://", var.gateway_url))
    error_message = "gateway_url must be an https URL (Twilio posts webhooks to it)."
  }
}

variable "validity_period_seconds" {
  description = "How long a queued message may wait before Twilio drops it (1-14400)."
  type        = number
  default     = 14400
}

variable "usecase" {
  description = "Messaging service use case (notifications, marketing, verification, ...)."
  type        = string
  default     = "notifications"
}

variable "verify_service" {
  description = "Create a Verify service for the verification tools."
  type        = bool
  default     = false
}

variable "verify_code_length" {
  description = "Digits in a verification code (4-10)."
  type        = number
  default     = 6
}

variable "allowed_countries" {
  description = "Country calling codes recipients must have (e.g. [\"+1\", \"+44\"]); empty allows any."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for code in var.allowed_countries : can(regex("^\\+[1-9][0-9]{0,3}$", code))])
    error_message = "allowed_countries are calling codes such as +1 or +44."
  }
}

variable "read_only" {
  description = "Give the server TWILIO_READ_ONLY=true: no sending, calling or changing."
  type        = bool
  default     = false
}

variable "api_url" {
  description = "Send the server's requests to this origin instead of Twilio's (a proxy); null for Twilio."
  type        = string
  default     = null
}
