# One number whose webhooks point at the gateway, in a messaging service; the provider reads
# TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN from the environment.
provider "twilio" {}

variable "auth_token" {
  type      = string
  sensitive = true
}

module "twilio" {
  source       = "../.."
  account_sid  = "AC0123456789abcdef0123456789abcdef"
  auth_token   = var.auth_token
  phone_number = "+14155550100"
  gateway_url  = "https://mesh.example.com"
}

output "mcp_env" {
  value = module.twilio.mcp_env
}
