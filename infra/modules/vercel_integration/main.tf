# The Vercel project the agent-mesh Vercel server operates on: the project, its git connection,
# its environment variables and domains. The server's token is created by a person in Vercel
# (tokens cannot be created through Terraform) and given to the server as VERCEL_TOKEN.

resource "vercel_project" "this" {
  name      = var.project_name
  team_id   = var.team_id
  framework = var.framework

  git_repository = {
    type              = "github"
    repo              = var.git_repository.repo
    production_branch = var.git_repository.production_branch
  }
}

resource "vercel_project_environment_variable" "this" {
  for_each = nonsensitive(toset(keys(var.environment_variables)))

  project_id = vercel_project.this.id
  team_id    = var.team_id
  key        = each.key
  value      = var.environment_variables[each.key].value
  target     = var.environment_variables[each.key].targets
  sensitive  = var.environment_variables[each.key].sensitive
}

resource "vercel_project_domain" "this" {
  for_each = toset(var.domains)

  project_id = vercel_project.this.id
  team_id    = var.team_id
  domain     = each.value
}

locals {
  server_env = merge(
    { VERCEL_API_URL = var.api_url },
    var.team_id == null ? {} : { VERCEL_TEAM_ID = var.team_id },
  )
}
