# The smallest setup: two repositories under team/, everything else defaulted.
provider "aws" {
  region = "eu-west-1"
}

module "docker" {
  source       = "../.."
  name_prefix  = "team"
  repositories = ["api", "web"]
}

output "mcp_env" {
  value = module.docker.mcp_env
}
