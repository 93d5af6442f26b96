# A production setup: keys from AWS Secrets Manager (a restricted key for the server), a catalog,
# the gateway's webhook endpoint with its signing secret stored back in Secrets Manager, and the
# server's environment written where the gateway's deployment reads it.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

data "aws_secretsmanager_secret_version" "admin" {
  secret_id = "agent-mesh/stripe/admin-key"
}

data "aws_secretsmanager_secret_version" "server" {
  secret_id = "agent-mesh/stripe/restricted-key"
}

module "stripe" {
  source         = "../.."
  api_key        = data.aws_secretsmanager_secret_version.admin.secret_string
  server_api_key = data.aws_secretsmanager_secret_version.server.secret_string
  gateway_url    = "https://mesh.example.com"
  max_amount     = { usd = 50000, eur = 50000, jpy = 500000 }

  products = {
    pro = {
      name        = "Pro plan"
      description = "Everything in Pro"
      prices = {
        monthly = { currency = "usd", unit_amount = 1500, interval = "month" }
        yearly  = { currency = "usd", unit_amount = 15000, interval = "year" }
      }
    }
    setup = {
      name   = "Onboarding"
      prices = { once = { currency = "usd", unit_amount = 50000 } }
    }
  }
}

resource "aws_secretsmanager_secret_version" "webhook" {
  secret_id     = "agent-mesh/stripe/webhook-secret"
  secret_string = module.stripe.webhook_secret
}

resource "aws_ssm_parameter" "mcp_env" {
  for_each = module.stripe.mcp_env
  name     = "/agent-mesh/stripe/${each.key}"
  type     = "String"
  value    = each.value
}

output "price_ids" {
  value = module.stripe.price_ids
}
