# A production setup: KMS-encrypted repositories, stricter tags and lifecycle, the policy
# attached to the gateway's role, and the server's environment in SSM for the deployment.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 6.8, < 7.0" }
  }
}

provider "aws" {
  region = "us-east-1"
}

variable "gateway_role_name" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

module "docker" {
  source               = "../.."
  name_prefix          = "platform"
  repositories         = ["api", "worker", "tools/migrations"]
  mutable_tags         = ["latest", "staging"]
  protected_tags       = ["latest", "prod-*", "v*"]
  untagged_expire_days = 3
  keep_images          = 50
  kms_key_arn          = var.kms_key_arn
  tags                 = { team = "platform", managed-by = "terraform" }
}

resource "aws_iam_role_policy_attachment" "gateway" {
  role       = var.gateway_role_name
  policy_arn = module.docker.policy_arn
}

resource "aws_ssm_parameter" "mcp_env" {
  for_each = module.docker.mcp_env
  name     = "/agent-mesh/docker/${each.key}"
  type     = "String"
  value    = each.value
}
