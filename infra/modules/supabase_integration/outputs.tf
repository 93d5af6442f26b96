output "mcp_env" {
  description = "Non-secret environment variables for @agent-mesh/mcp-supabase."
  value       = local.server_env
}

output "mcp_secret_env" {
  description = "Secret environment variables for @agent-mesh/mcp-supabase."
  value       = { SUPABASE_API_KEY = var.api_key }
  sensitive   = true
}
