# The Segment source the agent-mesh Segment server tracks into, and optionally one destination
# its events go to. The source's write key (created by Segment with the source) is the server's
# SEGMENT_WRITE_KEY; the Public API token for the workspace tools is made by a person in Segment
# (Workspace settings > Access Management > Tokens) and passed in as public_api_token.

resource "segment_source" "this" {
  slug    = var.source_slug
  name    = var.source_name
  enabled = true

  metadata = {
    id = var.source_catalog_id
  }

  settings = jsonencode(var.source_settings)
}

resource "segment_destination" "this" {
  count = var.destination == null ? 0 : 1

  source_id = segment_source.this.id
  name      = var.destination.name
  enabled   = var.destination.enabled

  metadata = {
    id = var.destination.catalog_id
  }

  settings = jsonencode(var.destination.settings)
}

locals {
  server_env = merge(
    {
      SEGMENT_TRACKING_URL   = var.tracking_url
      SEGMENT_PUBLIC_API_URL = var.public_api_url
      SEGMENT_SOURCES        = segment_source.this.id
    },
    length(var.allowed_events) == 0 ? {} : { SEGMENT_EVENTS = join(",", var.allowed_events) },
    var.read_only ? { SEGMENT_READ_ONLY = "true" } : {},
  )

  server_secret_env = merge(
    { SEGMENT_WRITE_KEY = segment_source.this.write_keys[0] },
    var.public_api_token == null ? {} : { SEGMENT_PUBLIC_API_TOKEN = var.public_api_token },
  )
}
