variable "name_prefix" {
  description = "Prefix of every ECR repository name (the team's namespace), e.g. \"team\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", var.name_prefix))
    error_message = "name_prefix must be lower-case letters and digits, separated by . _ or -."
  }
}

variable "repositories" {
  description = "Repository names under name_prefix the server may build and push, e.g. [\"api\", \"web\"]."
  type        = list(string)

  validation {
    condition     = length(var.repositories) > 0 && alltrue([for r in var.repositories : can(regex("^[a-z0-9]+(?:[._/-][a-z0-9]+)*$", r))])
    error_message = "repositories must be a non-empty list of lower-case repository names."
  }
}

variable "mutable_tags" {
  description = "Tag wildcards that may move (everything else, the release tags, is immutable once pushed)."
  type        = list(string)
  default     = ["latest", "dev-*", "pr-*"]
}

variable "protected_tags" {
  description = "Tag globs whose push needs a person's confirmation (DOCKER_PROTECTED_TAGS)."
  type        = list(string)
  default     = ["latest", "prod-*"]
}

variable "untagged_expire_days" {
  description = "Days after which untagged images are deleted by the lifecycle policy."
  type        = number
  default     = 7
}

variable "keep_images" {
  description = "How many tagged images each repository keeps; older ones are expired."
  type        = number
  default     = 100
}

variable "kms_key_arn" {
  description = "KMS key for repository encryption; null uses AES256."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
