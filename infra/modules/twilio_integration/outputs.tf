output "mcp_env" {
  description = "Non-secret environment variables for @agent-mesh/mcp-twilio."
  value       = local.server_env
}

output "mcp_secret_env" {
  description = "Secret environment variables for @agent-mesh/mcp-twilio (auth token or API key)."
  value       = local.secret_env
  sensitive   = true
}

output "messaging_service_sid" {
  description = "SID (MG...) of the messaging service."
  value       = twilio_messaging_services_v1.this.sid
}

output "phone_number_sid" {
  description = "SID (PN...) of the incoming number."
  value       = twilio_api_accounts_incoming_phone_numbers.this.sid
}

output "verify_service_sid" {
  description = "SID (VA...) of the Verify service, when created."
  value       = var.verify_service ? twilio_verify_services_v2.this[0].sid : null
}
