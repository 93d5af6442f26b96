# The smallest setup: two gateway replicas on Fargate behind an HTTPS load balancer, with their
# own Redis and PostgreSQL, in a VPC you already have. Clients use the token in the secret.
provider "aws" {
  region = "us-east-1"
}

variable "vpc_id" { type = string }
variable "public_subnet_ids" { type = list(string) }
variable "private_subnet_ids" { type = list(string) }
variable "certificate_arn" { type = string }
variable "image" { type = string }
# A Secrets Manager secret holding the token clients send (Authorization: Bearer ...).
variable "client_token_secret_arn" { type = string }

module "gateway" {
  source = "../.."

  vpc_id             = var.vpc_id
  public_subnet_ids  = var.public_subnet_ids
  private_subnet_ids = var.private_subnet_ids
  certificate_arn    = var.certificate_arn
  image              = var.image

  secrets = {
    AGENT_MESH_CLIENT_TOKEN = var.client_token_secret_arn
  }

  mesh_yaml = <<-YAML
    gateway:
      host: 0.0.0.0
      allowed_hosts: [mesh.example.com]
      clients:
        team: { token: $${AGENT_MESH_CLIENT_TOKEN} }
    database: $${AGENT_MESH_DATABASE_URL}
    state:
      redis: $${AGENT_MESH_REDIS_URL}
    integrations:
      vercel: {}
  YAML
}

output "url" {
  value = module.gateway.url
}
