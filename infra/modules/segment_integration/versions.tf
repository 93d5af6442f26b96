terraform {
  required_version = ">= 1.5.0"

  required_providers {
    segment = {
      source  = "segmentio/segment"
      version = ">= 1.0, < 2.0"
    }
  }
}
