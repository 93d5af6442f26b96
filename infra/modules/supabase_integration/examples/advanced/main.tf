# A production setup: the key is read from AWS Secrets Manager and the server's environment is
# written where the gateway's deployment reads it.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

data "aws_secretsmanager_secret_version" "supabase" {
  secret_id = "agent-mesh/supabase/api-key"
}

module "supabase" {
  source  = "../.."
  api_key = data.aws_secretsmanager_secret_version.supabase.secret_string
  api_url = "https://api.supabase.com"
}

resource "aws_ssm_parameter" "mcp_env" {
  for_each = module.supabase.mcp_env
  name     = "/agent-mesh/supabase/${each.key}"
  type     = "String"
  value    = each.value
}
