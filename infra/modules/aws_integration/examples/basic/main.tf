# The smallest setup: the agent table, artifacts bucket, event bus and example workflow in the
# provider's region, with the server's policy. Credentials for the server come from wherever it
# runs (a role, a profile); mcp_env is its environment.
provider "aws" {
  region = "us-east-1"
}

module "agent_mesh_aws" {
  source = "../.."
}

output "mcp_env" {
  value = module.agent_mesh_aws.mcp_env
}

output "policy_arn" {
  value = module.agent_mesh_aws.policy_arn
}
