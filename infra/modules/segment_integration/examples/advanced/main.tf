# An EU workspace: a source with a webhook destination, the workspace tools configured with a
# read-only Public API token, and only order events allowed to be tracked.
provider "segment" {
  url   = "https://eu1.api.segmentapis.com"
  token = var.terraform_token
}

module "segment" {
  source            = "../.."
  source_slug       = "orders-service"
  source_name       = "Orders service"
  source_catalog_id = var.node_source_catalog_id
  tracking_url      = "https://events.eu1.segmentapis.com"
  public_api_url    = "https://eu1.api.segmentapis.com"
  public_api_token  = var.agent_public_api_token
  allowed_events    = ["Order *", "Checkout *"]

  destination = {
    catalog_id = var.webhook_catalog_id
    name       = "Orders webhook"
    settings   = { webhooks = [{ url = "https://hooks.example.com/segment" }] }
  }
}

variable "terraform_token" {
  description = "Public API token with a workspace owner role, for Terraform."
  type        = string
  sensitive   = true
}

variable "agent_public_api_token" {
  description = "Public API token with a read-only role, for the agent's workspace tools."
  type        = string
  sensitive   = true
}

variable "node_source_catalog_id" {
  type = string
}

variable "webhook_catalog_id" {
  type = string
}

output "mcp_env" {
  value = module.segment.mcp_env
}

output "mcp_secret_env" {
  value     = module.segment.mcp_secret_env
  sensitive = true
}
