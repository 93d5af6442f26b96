variable "team_id" {
  description = "Vercel team id (team_...) that owns the project; null for a personal account."
  type        = string
  default     = null
}

variable "project_name" {
  description = "Name of the Vercel project the MCP server deploys."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{0,99}$", var.project_name))
    error_message = "project_name must be lower case letters, digits, '.', '_' or '-', at most 100 characters."
  }
}

variable "framework" {
  description = "Framework preset (nextjs, astro, vite, ...); null to let Vercel detect it."
  type        = string
  default     = null
}

variable "git_repository" {
  description = "The GitHub repository (owner/repo) and production branch the project deploys from."
  type = object({
    repo              = string
    production_branch = optional(string, "main")
  })
}

variable "environment_variables" {
  description = "Environment variables by key: value, targets (production, preview, development) and whether it is sensitive."
  type = map(object({
    value     = string
    targets   = optional(list(string), ["production", "preview"])
    sensitive = optional(bool, true)
  }))
  default   = {}
  sensitive = true
}

variable "domains" {
  description = "Custom domains to attach to the project's production deployment."
  type        = list(string)
  default     = []
}

variable "api_url" {
  description = "Vercel API base URL the MCP server calls."
  type        = string
  default     = "https://api.vercel.com"
}
