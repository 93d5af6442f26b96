output "project_id" {
  description = "Id of the Vercel project (prj_...); tools accept it wherever they take a project."
  value       = vercel_project.this.id
}

output "project_name" {
  description = "Name of the Vercel project."
  value       = vercel_project.this.name
}

output "domains" {
  description = "Custom domains attached to the project."
  value       = [for domain in vercel_project_domain.this : domain.domain]
}

output "mcp_env" {
  description = "Environment for @agent-mesh/mcp-vercel (add VERCEL_TOKEN from your secret store)."
  value       = local.server_env
}
