output "table_name" {
  description = "The agent table (key-value memory and timeline)."
  value       = aws_dynamodb_table.agent.name
}

output "bucket_name" {
  description = "The artifacts bucket."
  value       = aws_s3_bucket.artifacts.bucket
}

output "event_bus_name" {
  description = "The event bus agents send to."
  value       = aws_cloudwatch_event_bus.agent.name
}

output "state_machine_arns" {
  description = "State machines the server may start: the example one (if created) and those given."
  value       = local.state_machine_arns
}

output "policy_arn" {
  description = "The server's IAM policy; attach it to the role or user the server runs as."
  value       = aws_iam_policy.server.arn
}

output "policy_json" {
  description = "The same policy as JSON, to review or reuse."
  value       = data.aws_iam_policy_document.server.json
}

output "mcp_env" {
  description = "Environment for @agent-mesh/mcp-aws (credentials come from the role it runs as)."
  value = merge(
    {
      AWS_REGION                    = local.region
      AGENT_MESH_AWS_TABLES         = aws_dynamodb_table.agent.name
      AGENT_MESH_AWS_BUCKETS        = aws_s3_bucket.artifacts.bucket
      AGENT_MESH_AWS_EVENT_BUSES    = aws_cloudwatch_event_bus.agent.name
      AGENT_MESH_AWS_STATE_MACHINES = join(",", local.state_machine_arns)
    },
    length(var.bedrock_model_ids) == 0 ? {} : { AGENT_MESH_AWS_MODELS = join(",", var.bedrock_model_ids) },
    length(var.knowledge_base_ids) == 0 ? {} : { AGENT_MESH_AWS_KNOWLEDGE_BASES = join(",", var.knowledge_base_ids) },
    length(var.log_group_names) == 0 ? {} : { AGENT_MESH_AWS_LOG_GROUPS = join(",", var.log_group_names) },
    length(var.metric_namespaces) == 0 ? {} : { AGENT_MESH_AWS_METRIC_NAMESPACES = join(",", var.metric_namespaces) },
    length(var.ecr_repository_names) == 0 ? {} : { AGENT_MESH_AWS_ECR_REPOSITORIES = join(",", var.ecr_repository_names) },
  )
}
