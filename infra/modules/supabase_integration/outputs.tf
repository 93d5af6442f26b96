output "project_ref" {
  description = "The project's ref."
  value       = local.project_ref
}

output "mcp_env" {
  description = "Non-secret environment variables for @agent-mesh/mcp-supabase."
  value       = local.server_env
}

output "mcp_secret_env" {
  description = "Secret environment variables for @agent-mesh/mcp-supabase: the service-role key and the database URL."
  value = {
    SUPABASE_SERVICE_ROLE_KEY = data.supabase_apikeys.this.service_role_key
    SUPABASE_DB_URL           = local.database_url
  }
  sensitive = true
}

output "anon_key" {
  description = "The project's anon (public) API key, for browser clients; the server does not need it."
  value       = data.supabase_apikeys.this.anon_key
  sensitive   = true
}
