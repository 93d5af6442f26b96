# The smallest setup: the server may touch two repositories; the token comes from TF_VAR_mcp_token.
variable "mcp_token" {
  type      = string
  sensitive = true
}

provider "github" {
  owner = "acme"
}

module "github" {
  source       = "../.."
  owner        = "acme"
  repositories = ["web", "api"]
  mcp_token    = var.mcp_token
}

output "mcp_env" {
  value = module.github.mcp_env
}
