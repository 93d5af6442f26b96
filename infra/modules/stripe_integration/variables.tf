variable "api_key" {
  description = "Stripe secret key (sk_...) Terraform manages resources with. Store it in a secret manager, not in code."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^(sk|rk)_(test|live)_", var.api_key))
    error_message = "api_key must be a Stripe secret or restricted key (sk_test_..., sk_live_..., rk_...)."
  }
}

variable "server_api_key" {
  description = "Key the MCP server uses; a restricted key (rk_...) with only the permissions its tools need is best. Defaults to api_key."
  type        = string
  sensitive   = true
  default     = null
}

variable "api_url" {
  description = "Stripe API base URL the MCP server talks to."
  type        = string
  default     = "https://api.stripe.com"

  validation {
    condition     = can(regex("^https?://", var.api_url))
    error_message = "api_url must be an http(s) URL."
  }
}

variable "gateway_url" {
  description = "Public https URL of the agent-mesh gateway; the webhook endpoint is <gateway_url>/hooks/stripe. Null creates no webhook endpoint."
  type        = string
  default     = null

  validation {
    condition     = var.gateway_url == null || can(regex("^https://[^/]+", var.gateway_url))
    error_message = "gateway_url must be an https URL (Stripe delivers live events over https only)."
  }
}

variable "webhook_events" {
  description = "Event types the gateway's /hooks/stripe receives (for the e-commerce workflows)."
  type        = list(string)
  default = [
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "charge.refunded",
    "customer.subscription.created",
    "customer.subscription.deleted",
    "invoice.paid",
  ]

  validation {
    condition     = length(var.webhook_events) > 0 && alltrue([for e in var.webhook_events : can(regex("^(\\*|[a-z_]+(\\.[a-z_]+)+)$", e))])
    error_message = "webhook_events must list event types such as payment_intent.succeeded, or *."
  }
}

variable "products" {
  description = "Products to manage, by key, each with its prices (amounts in the currency's minor units; interval null for one-time prices)."
  type = map(object({
    name        = string
    description = optional(string)
    metadata    = optional(map(string), {})
    prices = optional(map(object({
      currency       = string
      unit_amount    = number
      interval       = optional(string)
      interval_count = optional(number, 1)
      nickname       = optional(string)
    })), {})
  }))
  default = {}

  validation {
    condition = alltrue(flatten([
      for p in values(var.products) : [
        for price in values(p.prices) :
        can(regex("^[a-z]{3}$", price.currency)) && price.unit_amount >= 0 && floor(price.unit_amount) == price.unit_amount &&
        (price.interval == null || contains(["day", "week", "month", "year"], price.interval))
      ]
    ]))
    error_message = "Each price needs a lower-case ISO currency, a whole unit_amount in minor units, and interval day, week, month, year or null."
  }
}

variable "max_amount" {
  description = "STRIPE_MAX_AMOUNT for the server: the largest payment or refund per currency in minor units, e.g. { usd = 50000 }. Empty means no cap."
  type        = map(number)
  default     = {}
}

variable "read_only" {
  description = "STRIPE_READ_ONLY for the server: hide every tool that writes."
  type        = bool
  default     = false
}
