# A personal-account project deployed from GitHub, with the provider's token from VERCEL_API_TOKEN.
provider "vercel" {}

module "vercel" {
  source         = "../.."
  project_name   = "my-app"
  git_repository = { repo = "my-org/my-app" }
}

output "mcp_env" {
  value = module.vercel.mcp_env
}
