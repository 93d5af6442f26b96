terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # IMMUTABLE_WITH_EXCLUSION (release tags immutable, others not) arrived in 6.8.
      version = ">= 6.8, < 7.0"
    }
  }
}
