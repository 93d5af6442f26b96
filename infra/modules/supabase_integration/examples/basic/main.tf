# The smallest setup: an existing project by ref, its database password from
# TF_VAR_database_password, the server's environment as outputs.
variable "project_ref" {
  type = string
}

variable "database_password" {
  type      = string
  sensitive = true
}

module "supabase" {
  source            = "../.."
  project_ref       = var.project_ref
  database_password = var.database_password
}

output "mcp_env" {
  value = module.supabase.mcp_env
}

output "mcp_secret_env" {
  value     = module.supabase.mcp_secret_env
  sensitive = true
}
