# Stripe integration for agent-mesh: the catalog the MCP server sells from, a webhook endpoint that
# sends Stripe's events to the gateway's /hooks/stripe, and the server's environment as outputs.

provider "stripe" {
  api_key = var.api_key
}

locals {
  prices = merge([
    for product_key, product in var.products : {
      for price_key, price in product.prices : "${product_key}/${price_key}" => merge(price, { product_key = product_key })
    }
  ]...)

  server_env = merge(
    {
      STRIPE_API_URL   = var.api_url
      STRIPE_READ_ONLY = tostring(var.read_only)
    },
    length(var.max_amount) == 0 ? {} : {
      STRIPE_MAX_AMOUNT = join(",", [for currency, amount in var.max_amount : "${lower(currency)}:${amount}"])
    },
  )
}

resource "stripe_product" "this" {
  for_each = var.products

  name        = each.value.name
  description = each.value.description
  metadata    = merge(each.value.metadata, { managed_by = "agent-mesh" })
}

resource "stripe_price" "this" {
  for_each = local.prices

  product     = stripe_product.this[each.value.product_key].id
  currency    = each.value.currency
  unit_amount = each.value.unit_amount
  nickname    = each.value.nickname

  dynamic "recurring" {
    for_each = each.value.interval == null ? [] : [each.value]
    content {
      interval       = recurring.value.interval
      interval_count = recurring.value.interval_count
    }
  }
}

resource "stripe_webhook_endpoint" "gateway" {
  count = var.gateway_url == null ? 0 : 1

  url            = "${trimsuffix(var.gateway_url, "/")}/hooks/stripe"
  enabled_events = var.webhook_events
  description    = "agent-mesh gateway"
}
