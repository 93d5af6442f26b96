variable "api_key" {
  description = "Supabase API key the MCP server uses. Store it in a secret manager, not in code."
  type        = string
  sensitive   = true
}

variable "api_url" {
  description = "Supabase API base URL."
  type        = string
  default     = "https://api.supabase.com"

  validation {
    condition     = can(regex("^https?://", var.api_url))
    error_message = "api_url must be an http(s) URL."
  }
}
