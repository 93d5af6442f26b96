# The smallest setup: the key comes from TF_VAR_api_key, everything else is defaulted.
variable "api_key" {
  type      = string
  sensitive = true
}

module "supabase" {
  source  = "../.."
  api_key = var.api_key
}

output "mcp_env" {
  value = module.supabase.mcp_env
}
