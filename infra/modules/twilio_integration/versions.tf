terraform {
  required_version = ">= 1.5.0"

  required_providers {
    twilio = {
      source  = "twilio/twilio"
      version = ">= 0.18, < 1.0"
    }
  }
}
