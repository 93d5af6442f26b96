variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "agent-mesh"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,40}$", var.name_prefix))
    error_message = "name_prefix must be 2-41 lower-case letters, digits or hyphens."
  }
}

variable "table_name" {
  description = "DynamoDB table for key-value memory and the timeline (default: <name_prefix>-agent)."
  type        = string
  default     = null
}

variable "bucket_name" {
  description = "Artifacts bucket name (default: a unique name starting with <name_prefix>-artifacts-)."
  type        = string
  default     = null
}

variable "event_bus_name" {
  description = "EventBridge bus agents send events to (default: <name_prefix>)."
  type        = string
  default     = null
}

variable "create_example_state_machine" {
  description = "Create the example Step Functions state machine (the one the sandbox runs)."
  type        = bool
  default     = true
}

variable "state_machine_arns" {
  description = "Further state machines the server may start and read (ARNs; * patterns allowed)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.state_machine_arns : can(regex("^arn:aws[a-z-]*:states:[^:]+:[^:]+:stateMachine:.+$", arn))])
    error_message = "state_machine_arns holds state machine ARNs (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)."
  }
}

variable "bedrock_model_ids" {
  description = "Bedrock model ids or cross-region inference profile ids (us.*, eu.*, apac.*, global.*) the server may invoke; the first is its default."
  type        = list(string)
  default     = []
}

variable "knowledge_base_ids" {
  description = "Bedrock knowledge base ids the server may search; the first is its default."
  type        = list(string)
  default     = []
}

variable "log_group_names" {
  description = "CloudWatch log groups the server may query with Logs Insights; the first is its default."
  type        = list(string)
  default     = []
}

variable "metric_namespaces" {
  description = "CloudWatch metric namespaces the server may read (empty: any; CloudWatch cannot limit GetMetricStatistics by IAM, the server enforces this list)."
  type        = list(string)
  default     = []
}

variable "ecr_repository_names" {
  description = "ECR repositories whose image scan findings the server may read and whose scans it may start; the first is its default."
  type        = list(string)
  default     = []
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the table and bucket; null uses AWS-managed encryption."
  type        = string
  default     = null
}

variable "noncurrent_version_days" {
  description = "Days an overwritten or deleted artifact version is kept before it expires."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_days >= 1
    error_message = "noncurrent_version_days must be at least 1."
  }
}

variable "deletion_protection" {
  description = "Protect the table from deletion and keep the bucket when it still holds objects."
  type        = bool
  default     = true
}

variable "role_names" {
  description = "IAM roles (the gateway's task role, say) to attach the server's policy to."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
