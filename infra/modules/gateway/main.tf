data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  port      = 7420
  region    = data.aws_region.current.name
  log_group = "/agent-mesh/${var.name_prefix}"

  # Secrets Manager secrets and SSM parameters the execution role may read.
  secret_arns = concat(
    values(var.secrets),
    [aws_secretsmanager_secret.database_url.arn, aws_secretsmanager_secret.redis_url.arn],
    [for p in aws_ssm_parameter.config : p.arn],
  )
  secretsmanager_arns = [for arn in local.secret_arns : arn if can(regex("^arn:[^:]+:secretsmanager:", arn))]
  ssm_arns            = [for arn in local.secret_arns : arn if can(regex("^arn:[^:]+:ssm:", arn))]
}

resource "aws_cloudwatch_log_group" "gateway" {
  name              = local.log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

# ---- security groups: the load balancer -> the tasks -> Redis and PostgreSQL ----------------

resource "aws_security_group" "alb" {
  name        = "${var.name_prefix}-alb"
  description = "agent-mesh load balancer"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each          = toset(var.allowed_cidr_blocks)
  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "HTTPS"
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each          = toset(var.allowed_cidr_blocks)
  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  description       = "HTTP, redirected to HTTPS"
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  referenced_security_group_id = aws_security_group.tasks.id
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  description                  = "to the gateway tasks"
}

resource "aws_security_group" "tasks" {
  name        = "${var.name_prefix}-tasks"
  description = "agent-mesh gateway tasks"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  description                  = "from the load balancer"
}

resource "aws_vpc_security_group_egress_rule" "tasks_out" {
  security_group_id = aws_security_group.tasks.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
  description       = "platform APIs, ECR, Secrets Manager, SSM, Redis, PostgreSQL"
}

resource "aws_security_group" "data" {
  name        = "${var.name_prefix}-data"
  description = "agent-mesh Redis and PostgreSQL"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_tasks" {
  security_group_id            = aws_security_group.data.id
  referenced_security_group_id = aws_security_group.tasks.id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "Redis from the gateway tasks"
}

resource "aws_vpc_security_group_ingress_rule" "postgres_from_tasks" {
  security_group_id            = aws_security_group.data.id
  referenced_security_group_id = aws_security_group.tasks.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "PostgreSQL from the gateway tasks"
}
