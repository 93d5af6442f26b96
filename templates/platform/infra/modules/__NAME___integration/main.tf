# __TITLE__ integration for agent-mesh.
#
# Add the __TITLE__ Terraform provider to versions.tf and manage here the resources the MCP
# server's tools operate on; outputs.tf turns them into the server's environment.

locals {
  server_env = {
    __ENV___API_URL = var.api_url
  }
}
