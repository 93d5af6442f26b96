output "url" {
  description = "The gateway's MCP endpoint on the load balancer (point your DNS name at alb_dns_name; the certificate's name is what clients use)."
  value       = "https://${aws_lb.gateway.dns_name}/mcp"
}

output "alb_dns_name" {
  description = "DNS name of the load balancer, for a CNAME or alias record."
  value       = aws_lb.gateway.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the load balancer, for a Route 53 alias record."
  value       = aws_lb.gateway.zone_id
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.gateway.name
}

output "service_name" {
  description = "The ECS service."
  value       = aws_ecs_service.gateway.name
}

output "task_role_arn" {
  description = "The gateway's task role (platform permissions)."
  value       = aws_iam_role.task.arn
}

output "task_role_name" {
  description = "The task role's name, for attaching more policies."
  value       = aws_iam_role.task.name
}

output "log_group_name" {
  description = "CloudWatch log group of the gateway's JSON logs."
  value       = aws_cloudwatch_log_group.gateway.name
}

output "redis_endpoint" {
  description = "Primary endpoint of the ElastiCache replication group."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "db_endpoint" {
  description = "Address of the RDS PostgreSQL instance."
  value       = aws_db_instance.db.address
}

output "database_url_secret_arn" {
  description = "Secrets Manager secret holding `database:` (AGENT_MESH_DATABASE_URL)."
  value       = aws_secretsmanager_secret.database_url.arn
}

output "redis_url_secret_arn" {
  description = "Secrets Manager secret holding `state.redis` (AGENT_MESH_REDIS_URL)."
  value       = aws_secretsmanager_secret.redis_url.arn
}

output "security_group_id" {
  description = "Security group of the tasks (allow it into anything else the gateway calls)."
  value       = aws_security_group.tasks.id
}
