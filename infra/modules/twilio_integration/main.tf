# What the agent-mesh Twilio server sends from and what answers back: a messaging service (its
# sender pool and status-callback URL), an incoming number whose webhooks point at the gateway,
# and optionally a Verify service. The provider authenticates with TWILIO_ACCOUNT_SID and
# TWILIO_AUTH_TOKEN (or an API key) from the environment of whoever runs Terraform.

locals {
  gateway       = trimsuffix(var.gateway_url, "/")
  status_url    = "${local.gateway}/hooks/twilio/status"
  messaging_url = "${local.gateway}/hooks/twilio"
  voice_url     = "${local.gateway}/hooks/twilio/voice"
}

resource "twilio_messaging_services_v1" "this" {
  friendly_name                 = var.name
  status_callback               = local.status_url
  inbound_request_url           = local.messaging_url
  inbound_method                = "POST"
  use_inbound_webhook_on_number = false
  sticky_sender                 = true
  smart_encoding                = true
  validity_period               = var.validity_period_seconds
  usecase                       = var.usecase
}

# The incoming number: bought when phone_number is a number to purchase, or adopted with
# `terraform import` when the account already has it. Its webhooks point at the gateway.
resource "twilio_api_accounts_incoming_phone_numbers" "this" {
  phone_number           = var.phone_number
  friendly_name          = "${var.name} (agent-mesh)"
  sms_url                = local.messaging_url
  sms_method             = "POST"
  voice_url              = local.voice_url
  voice_method           = "POST"
  status_callback        = local.status_url
  status_callback_method = "POST"
}

# The sender pool: the incoming number above plus any numbers the account already owns.
resource "twilio_messaging_services_phone_numbers_v1" "pool" {
  for_each = toset(concat([twilio_api_accounts_incoming_phone_numbers.this.sid], var.extra_sender_sids))

  service_sid      = twilio_messaging_services_v1.this.sid
  phone_number_sid = each.value
}

resource "twilio_verify_services_v2" "this" {
  count = var.verify_service ? 1 : 0

  friendly_name = var.name
  code_length   = var.verify_code_length
}

locals {
  server_env = merge(
    {
      TWILIO_ACCOUNT_SID = var.account_sid
      TWILIO_FROM        = join(",", [twilio_messaging_services_v1.this.sid, var.phone_number])
    },
    var.verify_service ? { TWILIO_VERIFY_SERVICES = twilio_verify_services_v2.this[0].sid } : {},
    length(var.allowed_countries) > 0 ? { TWILIO_ALLOWED_COUNTRIES = join(",", var.allowed_countries) } : {},
    var.read_only ? { TWILIO_READ_ONLY = "true" } : {},
    var.api_url == null ? {} : { TWILIO_API_URL = var.api_url },
  )
  secret_env = var.api_key_sid == null ? tomap({ TWILIO_AUTH_TOKEN = var.auth_token }) : tomap({
    TWILIO_API_KEY    = var.api_key_sid
    TWILIO_API_SECRET = var.api_key_secret
  })
}
