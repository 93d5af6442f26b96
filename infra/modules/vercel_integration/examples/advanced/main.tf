# A team project with a custom domain and environment variables read from AWS Secrets Manager;
# the MCP server's environment is published to SSM for the gateway's deployment to read.
terraform {
  required_providers {
    vercel = { source = "vercel/vercel", version = ">= 2.0, < 4.0" }
    aws    = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

provider "vercel" {
  team = "team_abc123"
}

data "aws_secretsmanager_secret_version" "database_url" {
  secret_id = "my-app/production/database-url"
}

module "vercel" {
  source       = "../.."
  team_id      = "team_abc123"
  project_name = "my-app"
  framework    = "nextjs"
  git_repository = {
    repo              = "my-org/my-app"
    production_branch = "release"
  }
  domains = ["app.example.com"]
  environment_variables = {
    DATABASE_URL = {
      value   = data.aws_secretsmanager_secret_version.database_url.secret_string
      targets = ["production"]
    }
    NEXT_PUBLIC_API_BASE = {
      value     = "https://api.example.com"
      targets   = ["production", "preview", "development"]
      sensitive = false
    }
  }
}

resource "aws_ssm_parameter" "mcp_env" {
  for_each = module.vercel.mcp_env
  name     = "/agent-mesh/vercel/${each.key}"
  type     = "String"
  value    = each.value
}
