output "mcp_env" {
  description = "Environment for @agent-mesh/mcp-docker: the repositories it may push to and the tags that need confirmation. Add DOCKER_BUILD_ROOTS for the host it runs on."
  value       = local.server_env
}

output "registry_url" {
  description = "The account's ECR registry host."
  value       = local.registry
}

output "repository_urls" {
  description = "Repository URLs by name."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}

output "policy_arn" {
  description = "IAM policy allowing exactly build-and-push to these repositories; attach it to the server's role."
  value       = aws_iam_policy.build_push.arn
}

output "policy_json" {
  description = "The same policy as JSON."
  value       = data.aws_iam_policy_document.build_push.json
}
