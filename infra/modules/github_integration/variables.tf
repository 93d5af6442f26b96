variable "owner" {
  description = "The organization or user that owns the repositories (the github provider's owner)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,39}$", var.owner))
    error_message = "owner must be a GitHub organization or user login."
  }
}

variable "repositories" {
  description = "Existing repositories (names under owner) the MCP server may touch; they become GITHUB_REPOS."
  type        = list(string)

  validation {
    condition     = length(var.repositories) > 0 && alltrue([for r in var.repositories : can(regex("^[A-Za-z0-9._-]+$", r)) && r != "." && r != ".."])
    error_message = "repositories must be one or more repository names (no owner/, no . or ..)."
  }
}

variable "mcp_token" {
  description = "Fine-grained token the MCP server uses (GITHUB_TOKEN). Store it in a secret manager; null to use a GitHub App instead."
  type        = string
  default     = null
  sensitive   = true
}

variable "api_url" {
  description = "GitHub API base URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server."
  type        = string
  default     = "https://api.github.com"

  validation {
    condition     = can(regex("^https?://", var.api_url))
    error_message = "api_url must be an http(s) URL."
  }
}

variable "toolsets" {
  description = "Toolsets the server serves (GITHUB_TOOLSETS)."
  type        = list(string)
  default     = ["actions", "releases", "pulls", "repos"]

  validation {
    condition     = alltrue([for t in var.toolsets : contains(["actions", "releases", "pulls", "issues", "repos"], t)])
    error_message = "toolsets may only name actions, releases, pulls, issues and repos."
  }
}

variable "read_only" {
  description = "Hide every tool that writes (GITHUB_READ_ONLY)."
  type        = bool
  default     = false
}

variable "lockdown" {
  description = "Hide issue and pull request text by users without push access (GITHUB_LOCKDOWN)."
  type        = bool
  default     = false
}

variable "environments" {
  description = "Deployment environments with protection rules, keyed by \"<repository>/<environment>\"."
  type = map(object({
    wait_timer             = optional(number, 0)
    reviewer_user_ids      = optional(list(number), [])
    reviewer_team_ids      = optional(list(number), [])
    prevent_self_review    = optional(bool, true)
    protected_branches     = optional(bool, true)
    custom_branch_policies = optional(bool, false)
  }))
  default = {}

  validation {
    condition     = alltrue([for k, _ in var.environments : length(split("/", k)) == 2])
    error_message = "environments keys are \"<repository>/<environment>\"."
  }
}

variable "actions_secrets" {
  description = "Actions secrets for deployment, keyed by \"<repository>/<SECRET_NAME>\" or \"<repository>/<environment>/<SECRET_NAME>\"."
  type        = map(string)
  default     = {}
  sensitive   = true
}

variable "actions_variables" {
  description = "Actions variables, keyed by \"<repository>/<NAME>\" or \"<repository>/<environment>/<NAME>\"."
  type        = map(string)
  default     = {}
}

variable "webhook_url" {
  description = "The gateway's webhook endpoint, e.g. https://mesh.example.com/hooks/github; null for no webhook."
  type        = string
  default     = null

  validation {
    condition     = var.webhook_url == null || can(regex("^https://", var.webhook_url))
    error_message = "webhook_url must be an https URL."
  }
}

variable "webhook_secret" {
  description = "Secret GitHub signs deliveries with (X-Hub-Signature-256); the gateway verifies it."
  type        = string
  default     = null
  sensitive   = true
}

variable "webhook_events" {
  description = "Events delivered to the gateway."
  type        = list(string)
  default     = ["workflow_run", "pull_request", "release"]
}
