# A production setup: the key is read from AWS Secrets Manager and the server's environment is
# written where the gateway's deployment reads it.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

data "aws_secretsmanager_secret_version" "__NAME__" {
  secret_id = "agent-mesh/__NAME__/api-key"
}

module "__NAME__" {
  source  = "../.."
  api_key = data.aws_secretsmanager_secret_version.__NAME__.secret_string
  api_url = "https://api.__NAME__.com"
}

resource "aws_ssm_parameter" "mcp_env" {
  for_each = module.__NAME__.mcp_env
  name     = "/agent-mesh/__NAME__/${each.key}"
  type     = "String"
  value    = each.value
}
