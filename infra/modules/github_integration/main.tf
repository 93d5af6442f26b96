# GitHub integration for agent-mesh on the integrations/github provider: deployment environments
# with protection rules, Actions secrets and variables for deployment, and a signed webhook to
# the gateway's /hooks/github. outputs.tf turns the repository list and switches into the MCP
# server's environment. The caller configures the provider (owner, token or app_auth).

locals {
  repos = toset(var.repositories)

  # "<repo>/<NAME>" is repository-wide, "<repo>/<env>/<NAME>" belongs to an environment.
  repo_secrets = { for v in nonsensitive(toset(keys(var.actions_secrets))) : v => split("/", v) if length(split("/", v)) == 2 }
  env_secrets  = { for v in nonsensitive(toset(keys(var.actions_secrets))) : v => split("/", v) if length(split("/", v)) == 3 }
  repo_vars    = { for k, v in var.actions_variables : k => split("/", k) if length(split("/", k)) == 2 }
  env_vars     = { for k, v in var.actions_variables : k => split("/", k) if length(split("/", k)) == 3 }

  server_env = {
    GITHUB_API_URL   = var.api_url
    GITHUB_REPOS     = join(",", [for r in var.repositories : "${var.owner}/${r}"])
    GITHUB_TOOLSETS  = join(",", var.toolsets)
    GITHUB_READ_ONLY = tostring(var.read_only)
    GITHUB_LOCKDOWN  = tostring(var.lockdown)
  }
}

resource "github_repository_environment" "this" {
  for_each = var.environments

  repository          = split("/", each.key)[0]
  environment         = split("/", each.key)[1]
  wait_timer          = each.value.wait_timer
  prevent_self_review = each.value.prevent_self_review

  dynamic "reviewers" {
    for_each = length(each.value.reviewer_user_ids) + length(each.value.reviewer_team_ids) > 0 ? [1] : []
    content {
      users = each.value.reviewer_user_ids
      teams = each.value.reviewer_team_ids
    }
  }

  deployment_branch_policy {
    protected_branches     = each.value.protected_branches
    custom_branch_policies = each.value.custom_branch_policies
  }

  lifecycle {
    precondition {
      condition     = contains(var.repositories, split("/", each.key)[0])
      error_message = "environment ${each.key} is in a repository missing from var.repositories."
    }
  }
}

resource "github_actions_secret" "this" {
  for_each = local.repo_secrets

  repository      = each.value[0]
  secret_name     = each.value[1]
  plaintext_value = var.actions_secrets[each.key]
}

resource "github_actions_environment_secret" "this" {
  for_each = local.env_secrets

  repository      = each.value[0]
  environment     = each.value[1]
  secret_name     = each.value[2]
  plaintext_value = var.actions_secrets[each.key]

  depends_on = [github_repository_environment.this]
}

resource "github_actions_variable" "this" {
  for_each = local.repo_vars

  repository    = each.value[0]
  variable_name = each.value[1]
  value         = var.actions_variables[each.key]
}

resource "github_actions_environment_variable" "this" {
  for_each = local.env_vars

  repository    = each.value[0]
  environment   = each.value[1]
  variable_name = each.value[2]
  value         = var.actions_variables[each.key]

  depends_on = [github_repository_environment.this]
}

resource "github_repository_webhook" "gateway" {
  for_each = var.webhook_url == null ? toset([]) : local.repos

  repository = each.value
  active     = true
  events     = var.webhook_events

  configuration {
    url          = var.webhook_url
    content_type = "json"
    secret       = var.webhook_secret
    insecure_ssl = false
  }

  lifecycle {
    precondition {
      condition     = var.webhook_secret != null
      error_message = "webhook_secret is required with webhook_url: the gateway refuses unsigned deliveries."
    }
  }
}
