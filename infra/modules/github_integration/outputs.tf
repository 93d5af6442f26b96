output "mcp_env" {
  description = "Non-secret environment variables for @agent-mesh/mcp-github."
  value       = local.server_env
}

output "mcp_secret_env" {
  description = "Secret environment variables for @agent-mesh/mcp-github (empty when a GitHub App is used)."
  value       = var.mcp_token == null ? {} : { GITHUB_TOKEN = var.mcp_token }
  sensitive   = true
}

output "environments" {
  description = "The deployment environments created, by \"<repository>/<environment>\"."
  value       = { for k, e in github_repository_environment.this : k => e.environment }
}

output "webhook_ids" {
  description = "The gateway webhook's id in each repository."
  value       = { for r, h in github_repository_webhook.gateway : r => h.id }
}
