variable "project_ref" {
  description = "Ref of an existing project to use; null creates a new project from the settings below."
  type        = string
  default     = null
}

variable "organization_id" {
  description = "Organization slug the new project belongs to (when project_ref is null)."
  type        = string
  default     = null
}

variable "project_name" {
  description = "Name of the new project (when project_ref is null)."
  type        = string
  default     = "agent-mesh"
}

variable "region" {
  description = "Region of the new project, e.g. eu-central-1."
  type        = string
  default     = "us-east-1"
}

variable "instance_size" {
  description = "Compute size of the new project (micro, small, ...)."
  type        = string
  default     = "micro"
}

variable "database_password" {
  description = "Password of the postgres user; the server's SUPABASE_DB_URL is built from it. Keep it in a secret manager."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.database_password) >= 16
    error_message = "database_password must be at least 16 characters."
  }
}

variable "exposed_schemas" {
  description = "Schemas PostgREST exposes through the API."
  type        = list(string)
  default     = ["public", "graphql_public"]
}

variable "max_rows" {
  description = "Most rows PostgREST returns for one request."
  type        = number
  default     = 1000
}

variable "allowed_schemas" {
  description = "Schemas the agent's tools may touch (SUPABASE_SCHEMAS)."
  type        = list(string)
  default     = ["public"]
}

variable "allowed_tables" {
  description = "Tables the agent's tools may touch as schema.table, globs allowed (SUPABASE_TABLES); empty: all in allowed schemas."
  type        = list(string)
  default     = []
}

variable "allowed_buckets" {
  description = "Storage buckets the agent's tools may touch (SUPABASE_BUCKETS); empty: all."
  type        = list(string)
  default     = []
}

variable "read_only" {
  description = "Run the server read-only (SUPABASE_READ_ONLY): write tools hidden, SQL in read-only transactions."
  type        = bool
  default     = false
}

variable "sql_writes" {
  description = "Let supabase_sql_execute write (SUPABASE_SQL_WRITES); every call is still confirmed."
  type        = bool
  default     = false
}
