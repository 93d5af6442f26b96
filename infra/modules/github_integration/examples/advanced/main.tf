# A production environment behind a reviewer and a wait timer, deployment secrets and variables,
# the gateway's signed webhook, and a read-only, locked-down server on GitHub Enterprise Server.
variable "mcp_token" {
  type      = string
  sensitive = true
}

variable "deploy_key" {
  type      = string
  sensitive = true
}

variable "webhook_secret" {
  type      = string
  sensitive = true
}

provider "github" {
  owner    = "acme"
  base_url = "https://github.acme.internal/api/v3/"
}

module "github" {
  source       = "../.."
  owner        = "acme"
  repositories = ["web"]
  mcp_token    = var.mcp_token
  api_url      = "https://github.acme.internal/api/v3"
  toolsets     = ["actions", "releases", "pulls", "issues", "repos"]
  read_only    = true
  lockdown     = true

  environments = {
    "web/production" = {
      wait_timer        = 10
      reviewer_team_ids = [4242]
    }
    "web/staging" = {
      protected_branches = false
    }
  }

  actions_secrets = {
    "web/production/DEPLOY_KEY" = var.deploy_key
  }

  actions_variables = {
    "web/REGION"              = "eu-west-1"
    "web/production/SITE_URL" = "https://acme.example"
  }

  webhook_url    = "https://mesh.acme.example/hooks/github"
  webhook_secret = var.webhook_secret
  webhook_events = ["workflow_run", "pull_request", "release", "push"]
}

output "mcp_env" {
  value = module.github.mcp_env
}

output "mcp_secret_env" {
  value     = module.github.mcp_secret_env
  sensitive = true
}
