terraform {
  required_version = ">= 1.5.0"

  required_providers {
    vercel = {
      source  = "vercel/vercel"
      version = ">= 2.0, < 4.0"
    }
  }
}
