# The smallest setup: the key comes from TF_VAR_api_key; no catalog, no webhook endpoint.
variable "api_key" {
  type      = string
  sensitive = true
}

module "stripe" {
  source  = "../.."
  api_key = var.api_key
}

output "mcp_env" {
  value = module.stripe.mcp_env
}
