# A revocable API key for the server, a Verify service for sign-in flows, two extra senders in
# the pool, recipients limited to the US and the UK.
provider "twilio" {}

variable "api_key_sid" {
  type = string
}

variable "api_key_secret" {
  type      = string
  sensitive = true
}

module "twilio" {
  source            = "../.."
  account_sid       = "AC0123456789abcdef0123456789abcdef"
  api_key_sid       = var.api_key_sid
  api_key_secret    = var.api_key_secret
  name              = "acme-notifications"
  phone_number      = "+14155550100"
  extra_sender_sids = ["PN0123456789abcdef0123456789abcd02", "PN0123456789abcdef0123456789abcd03"]
  gateway_url       = "https://mesh.acme.example"
  verify_service    = true
  allowed_countries = ["+1", "+44"]
}

output "mcp_env" {
  value = module.twilio.mcp_env
}

output "mcp_secret_env" {
  value     = module.twilio.mcp_secret_env
  sensitive = true
}
