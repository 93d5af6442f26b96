terraform {
  required_version = ">= 1.5.0"

  required_providers {
    # Community provider (Stripe publishes no official Terraform provider for these resources).
    stripe = {
      source  = "lukasaron/stripe"
      version = "~> 3.3"
    }
  }
}
