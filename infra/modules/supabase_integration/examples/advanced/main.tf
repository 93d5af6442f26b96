# A new project for the agent, read-only, limited to the shop's tables and one bucket. The
# Supabase provider reads SUPABASE_ACCESS_TOKEN (a personal access token) from the environment.
variable "organization_id" {
  type = string
}

variable "database_password" {
  type      = string
  sensitive = true
}

module "supabase" {
  source            = "../.."
  organization_id   = var.organization_id
  project_name      = "shop-agent"
  region            = "eu-central-1"
  database_password = var.database_password
  exposed_schemas   = ["public"]
  max_rows          = 500
  allowed_schemas   = ["public"]
  allowed_tables    = ["public.products", "public.orders", "public.customers"]
  allowed_buckets   = ["invoices"]
  read_only         = true
}

output "mcp_env" {
  value = module.supabase.mcp_env
}

output "mcp_secret_env" {
  value     = module.supabase.mcp_secret_env
  sensitive = true
}
