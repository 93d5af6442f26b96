variable "name_prefix" {
  description = "Prefix of every name."
  type        = string
  default     = "agent-mesh"
}

variable "vpc_id" {
  description = "The VPC the gateway, Redis and PostgreSQL run in."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the internet-facing (or internal) load balancer: two or more, in different zones."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets of the tasks, Redis and PostgreSQL: two or more, in different zones, with a route to ECR, SSM and Secrets Manager (NAT or VPC endpoints)."
  type        = list(string)
}

variable "internal" {
  description = "An internal load balancer (reachable only inside the VPC) instead of an internet-facing one."
  type        = bool
  default     = false
}

variable "certificate_arn" {
  description = "ACM certificate of the HTTPS listener (the gateway's public name)."
  type        = string
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "allowed_cidr_blocks" {
  description = "Addresses that may reach the load balancer on 443 (and 80, redirected)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "image" {
  description = "The gateway image (built from the repository's Dockerfile), e.g. <account>.dkr.ecr.<region>.amazonaws.com/agent-mesh:0.1.0."
  type        = string
}

variable "mesh_yaml" {
  description = "mesh.yaml of the gateway. Reference secrets as $${NAME} (see `secrets`); the module sets AGENT_MESH_DATABASE_URL and AGENT_MESH_REDIS_URL."
  type        = string
}

variable "mesh_lock" {
  description = "mesh.lock (the third-party tool pins), or null for none."
  type        = string
  default     = null
}

variable "secrets" {
  description = "Environment variables of the gateway taken from Secrets Manager secrets or SSM parameters: name => ARN."
  type        = map(string)
  default     = {}
}

variable "environment" {
  description = "Plain environment variables of the gateway (nothing secret)."
  type        = map(string)
  default     = {}
}

variable "cpu" {
  description = "Task CPU units (256 = 1/4 vCPU)."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Task memory in MiB."
  type        = number
  default     = 1024
}

variable "desired_count" {
  description = "Replicas at first; autoscaling moves it between min_count and max_count."
  type        = number
  default     = 2
}

variable "min_count" {
  description = "Fewest replicas."
  type        = number
  default     = 2
}

variable "max_count" {
  description = "Most replicas."
  type        = number
  default     = 6
}

variable "cpu_target" {
  description = "Average CPU utilization (percent) autoscaling keeps the service at."
  type        = number
  default     = 60
}

variable "requests_per_target" {
  description = "Load balancer requests per replica per minute autoscaling keeps the service at."
  type        = number
  default     = 1000
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.small"
}

variable "redis_replicas" {
  description = "Read replicas of the Redis primary (one or more enables automatic failover)."
  type        = number
  default     = 1
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.small"
}

variable "db_allocated_storage" {
  description = "RDS storage in GiB (grows up to ten times this)."
  type        = number
  default     = 20
}

variable "db_multi_az" {
  description = "A standby PostgreSQL in another zone."
  type        = bool
  default     = true
}

variable "db_engine_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
}

variable "kms_key_arn" {
  description = "Customer-managed key for logs, Redis, PostgreSQL and the generated secrets (null: AWS-managed keys)."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the gateway's logs."
  type        = number
  default     = 30
}

variable "deletion_protection" {
  description = "Protect the load balancer and the database from deletion; keep a final database snapshot."
  type        = bool
  default     = true
}

variable "task_policy_arns" {
  description = "IAM policies the gateway's task role gets, e.g. the aws_integration module's policy_arn."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

variable "db_ssl_mode" {
  description = "sslmode of the database URL: no-verify (TLS, certificate not checked) or verify-full (with the RDS CA bundle in the image and NODE_EXTRA_CA_CERTS pointing at it)."
  type        = string
  default     = "no-verify"

  validation {
    condition     = contains(["no-verify", "verify-full"], var.db_ssl_mode)
    error_message = "db_ssl_mode must be no-verify or verify-full."
  }
}
