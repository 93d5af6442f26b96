# A production setup: the key is read from AWS Secrets Manager and the server's environment is
# written where the gateway's deployment reads it.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

data "aws_secretsmanager_secret_version" "stripe" {
  secret_id = "agent-mesh/stripe/api-key"
}

module "stripe" {
  source  = "../.."
  api_key = data.aws_secretsmanager_secret_version.stripe.secret_string
  api_url = "https://api.stripe.com"
}

resource "aws_ssm_parameter" "mcp_env" {
  for_each = module.stripe.mcp_env
  name     = "/agent-mesh/stripe/${each.key}"
  type     = "String"
  value    = each.value
}
