# Supabase integration for agent-mesh.
#
# Add the Supabase Terraform provider to versions.tf and manage here the resources the MCP
# server's tools operate on; outputs.tf turns them into the server's environment.

locals {
  server_env = {
    SUPABASE_API_URL = var.api_url
  }
}
