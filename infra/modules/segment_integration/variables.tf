variable "source_slug" {
  description = "Slug of the Segment source the server tracks into (lower case, digits and dashes)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]*$", var.source_slug))
    error_message = "source_slug must be lower-case letters, digits and dashes."
  }
}

variable "source_name" {
  description = "Display name of the source."
  type        = string
  default     = "agent-mesh"
}

variable "source_catalog_id" {
  description = "Catalog id of the source's type (the HTTP API or Node.js source from Segment's source catalog)."
  type        = string
}

variable "source_settings" {
  description = "Settings of the source, as its catalog entry defines them."
  type        = map(any)
  default     = {}
}

variable "destination" {
  description = "An optional destination for the source's events: its catalog id, name, settings and whether it is enabled."
  type = object({
    catalog_id = string
    name       = string
    enabled    = optional(bool, true)
    settings   = optional(map(any), {})
  })
  default = null
}

variable "public_api_token" {
  description = "Segment Public API token for the workspace tools (a read-only role is enough). Store it in a secret manager, not in code; null leaves the workspace tools not configured."
  type        = string
  default     = null
  sensitive   = true
}

variable "allowed_events" {
  description = "Event names (globs) the tracking tools may send; empty allows any."
  type        = list(string)
  default     = []
}

variable "read_only" {
  description = "Hide the tracking tools (SEGMENT_READ_ONLY)."
  type        = bool
  default     = false
}

variable "tracking_url" {
  description = "Tracking API host; https://events.eu1.segmentapis.com for EU workspaces."
  type        = string
  default     = "https://api.segment.io"

  validation {
    condition     = can(regex("^https?://", var.tracking_url))
    error_message = "tracking_url must be an http(s) URL."
  }
}

variable "public_api_url" {
  description = "Public API base URL; https://eu1.api.segmentapis.com for EU workspaces."
  type        = string
  default     = "https://api.segmentapis.com"

  validation {
    condition     = can(regex("^https?://", var.public_api_url))
    error_message = "public_api_url must be an http(s) URL."
  }
}
