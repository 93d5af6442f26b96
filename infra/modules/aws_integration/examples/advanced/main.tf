# A production setup: a customer-managed KMS key, Bedrock models and a knowledge base, log groups
# to query, the company's own state machines, and a role the gateway's ECS task runs as, with the
# server's policy attached. The server's environment is published to SSM for the deployment.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.30, < 7.0" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_kms_key" "agent_mesh" {
  description         = "agent-mesh data at rest"
  enable_key_rotation = true
}

data "aws_iam_policy_document" "ecs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "gateway" {
  name               = "agent-mesh-gateway"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

module "agent_mesh_aws" {
  source = "../.."

  name_prefix                  = "acme-agents"
  kms_key_arn                  = aws_kms_key.agent_mesh.arn
  create_example_state_machine = false
  state_machine_arns = [
    "arn:aws:states:eu-west-1:123456789012:stateMachine:release-*",
    "arn:aws:states:eu-west-1:123456789012:stateMachine:refund-approval",
  ]
  bedrock_model_ids       = ["eu.anthropic.claude-sonnet-4-20250514-v1:0", "amazon.nova-micro-v1:0"]
  knowledge_base_ids      = ["KB12345678"]
  log_group_names         = ["/aws/lambda/checkout", "/ecs/api"]
  metric_namespaces       = ["AWS/Lambda", "AWS/ApplicationELB", "Acme/*"]
  ecr_repository_names    = ["web", "api"]
  role_names              = [aws_iam_role.gateway.name]
  noncurrent_version_days = 90

  tags = {
    team        = "platform"
    environment = "production"
  }
}

resource "aws_ssm_parameter" "mcp_env" {
  name  = "/agent-mesh/production/mcp-aws-env"
  type  = "String"
  value = jsonencode(module.agent_mesh_aws.mcp_env)
}
