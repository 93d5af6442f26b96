output "mcp_env" {
  description = "Non-secret environment variables for @agent-mesh/mcp-stripe."
  value       = local.server_env
}

output "mcp_secret_env" {
  description = "Secret environment variables for @agent-mesh/mcp-stripe."
  value = merge(
    { STRIPE_SECRET_KEY = coalesce(var.server_api_key, var.api_key) },
    var.gateway_url == null ? {} : { STRIPE_WEBHOOK_SECRET = stripe_webhook_endpoint.gateway[0].secret },
  )
  sensitive = true
}

output "webhook_secret" {
  description = "Signing secret (whsec_...) of the gateway's webhook endpoint, for verifying Stripe-Signature at /hooks/stripe; null without gateway_url."
  value       = try(stripe_webhook_endpoint.gateway[0].secret, null)
  sensitive   = true
}

output "product_ids" {
  description = "Stripe product ids by key."
  value       = { for key, product in stripe_product.this : key => product.id }
}

output "price_ids" {
  description = "Stripe price ids by \"product/price\" key."
  value       = { for key, price in stripe_price.this : key => price.id }
}
