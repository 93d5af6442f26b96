# A source the server tracks into; the provider's token comes from its environment
# (SEGMENT_PUBLIC_API_TOKEN). Only the tracking tools are configured.
provider "segment" {}

module "segment" {
  source            = "../.."
  source_slug       = "agent-mesh-server"
  source_catalog_id = var.http_api_catalog_id
}

variable "http_api_catalog_id" {
  description = "Catalog id of Segment's HTTP API source."
  type        = string
}

output "mcp_env" {
  value = module.segment.mcp_env
}

output "mcp_secret_env" {
  value     = module.segment.mcp_secret_env
  sensitive = true
}
