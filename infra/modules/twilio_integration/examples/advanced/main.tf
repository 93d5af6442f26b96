# A production setup: the key is read from AWS Secrets Manager and the server's environment is
# written where the gateway's deployment reads it.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

data "aws_secretsmanager_secret_version" "twilio" {
  secret_id = "agent-mesh/twilio/api-key"
}

module "twilio" {
  source  = "../.."
  api_key = data.aws_secretsmanager_secret_version.twilio.secret_string
  api_url = "https://api.twilio.com"
}

resource "aws_ssm_parameter" "mcp_env" {
  for_each = module.twilio.mcp_env
  name     = "/agent-mesh/twilio/${each.key}"
  type     = "String"
  value    = each.value
}
