# Everything: the aws_integration module's resources and policy composed into the gateway's task
# role, a KMS key for logs, secrets, Redis and PostgreSQL, an internal load balancer, pinned
# third-party tools (mesh.lock), more replicas, and Stripe and GitHub credentials from Secrets
# Manager and SSM.
provider "aws" {
  region = "eu-west-1"
}

variable "vpc_id" { type = string }
variable "public_subnet_ids" { type = list(string) }
variable "private_subnet_ids" { type = list(string) }
variable "certificate_arn" { type = string }
variable "image" { type = string }
variable "ops_token_secret_arn" { type = string }
variable "stripe_key_secret_arn" { type = string }
variable "github_token_parameter_arn" { type = string }

resource "aws_kms_key" "mesh" {
  description         = "agent-mesh gateway data"
  enable_key_rotation = true
}

module "agent_mesh_aws" {
  source = "../../../aws_integration"

  name_prefix       = "mesh-prod"
  kms_key_arn       = aws_kms_key.mesh.arn
  bedrock_model_ids = ["eu.anthropic.claude-sonnet-4-20250514-v1:0"]
}

module "gateway" {
  source = "../.."

  name_prefix         = "mesh-prod"
  vpc_id              = var.vpc_id
  public_subnet_ids   = var.public_subnet_ids
  private_subnet_ids  = var.private_subnet_ids
  internal            = true
  allowed_cidr_blocks = ["10.0.0.0/8"]
  certificate_arn     = var.certificate_arn
  image               = var.image
  kms_key_arn         = aws_kms_key.mesh.arn

  cpu                 = 1024
  memory              = 2048
  desired_count       = 3
  min_count           = 3
  max_count           = 12
  cpu_target          = 50
  requests_per_target = 600

  redis_node_type   = "cache.r7g.large"
  redis_replicas    = 2
  db_instance_class = "db.r7g.large"
  db_ssl_mode       = "verify-full"

  # The aws_integration policy on the task role: mcp-aws uses the role's credentials.
  task_policy_arns = [module.agent_mesh_aws.policy_arn]
  environment = merge(module.agent_mesh_aws.mcp_env, {
    # The RDS CA bundle, baked into your image on top of the repository's Dockerfile.
    NODE_EXTRA_CA_CERTS = "/app/rds-global-bundle.pem"
  })

  secrets = {
    AGENT_MESH_OPS_TOKEN = var.ops_token_secret_arn
    STRIPE_SECRET_KEY    = var.stripe_key_secret_arn
    GITHUB_TOKEN         = var.github_token_parameter_arn
  }

  mesh_yaml = file("${path.module}/mesh.yaml")
  mesh_lock = file("${path.module}/mesh.lock")

  log_retention_days = 365
  tags               = { team = "platform", service = "agent-mesh" }
}

output "url" {
  value = module.gateway.url
}

output "task_role_arn" {
  value = module.gateway.task_role_arn
}
