output "source_id" {
  description = "Id of the Segment source."
  value       = segment_source.this.id
}

output "destination_id" {
  description = "Id of the destination, or null without one."
  value       = var.destination == null ? null : segment_destination.this[0].id
}

output "mcp_env" {
  description = "Non-secret environment variables for @agent-mesh/mcp-segment."
  value       = local.server_env
}

output "mcp_secret_env" {
  description = "Secret environment variables for @agent-mesh/mcp-segment: the source's write key (SEGMENT_WRITE_KEY) and, when given, the Public API token."
  value       = local.server_secret_env
  sensitive   = true
}
