# Redis (sessions, limits, idempotency, approvals) and PostgreSQL (audit, keys, workflow runs):
# the only state the replicas share. Their URLs, with generated passwords, go to Secrets Manager.

resource "random_password" "redis" {
  length  = 40
  special = false
}

resource "random_password" "db" {
  length  = 40
  special = false
}

resource "aws_elasticache_subnet_group" "redis" {
  name       = "${var.name_prefix}-redis"
  subnet_ids = var.private_subnet_ids
  tags       = var.tags
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id       = "${var.name_prefix}-state"
  description                = "agent-mesh shared state"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = var.redis_node_type
  port                       = 6379
  num_cache_clusters         = 1 + var.redis_replicas
  automatic_failover_enabled = var.redis_replicas > 0
  multi_az_enabled           = var.redis_replicas > 0
  subnet_group_name          = aws_elasticache_subnet_group.redis.name
  security_group_ids         = [aws_security_group.data.id]
  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  auth_token                 = random_password.redis.result
  apply_immediately          = false
  snapshot_retention_limit   = 1
  tags                       = var.tags
}

resource "aws_db_subnet_group" "db" {
  name       = "${var.name_prefix}-db"
  subnet_ids = var.private_subnet_ids
  tags       = var.tags
}

resource "aws_db_instance" "db" {
  identifier                   = "${var.name_prefix}-db"
  engine                       = "postgres"
  engine_version               = var.db_engine_version
  instance_class               = var.db_instance_class
  allocated_storage            = var.db_allocated_storage
  max_allocated_storage        = var.db_allocated_storage * 10
  storage_encrypted            = true
  kms_key_id                   = var.kms_key_arn
  db_name                      = "agent_mesh"
  username                     = "agent_mesh"
  password                     = random_password.db.result
  db_subnet_group_name         = aws_db_subnet_group.db.name
  vpc_security_group_ids       = [aws_security_group.data.id]
  multi_az                     = var.db_multi_az
  publicly_accessible          = false
  backup_retention_period      = 7
  deletion_protection          = var.deletion_protection
  skip_final_snapshot          = !var.deletion_protection
  final_snapshot_identifier    = var.deletion_protection ? "${var.name_prefix}-db-final" : null
  auto_minor_version_upgrade   = true
  copy_tags_to_snapshot        = true
  performance_insights_enabled = true
  tags                         = var.tags
}

resource "aws_secretsmanager_secret" "database_url" {
  name_prefix = "${var.name_prefix}-database-url-"
  description = "agent-mesh `database:` (RDS PostgreSQL)"
  kms_key_id  = var.kms_key_arn
  tags        = var.tags
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id = aws_secretsmanager_secret.database_url.id
  # TLS to RDS; verify-full needs the RDS CA bundle in the image (NODE_EXTRA_CA_CERTS), see README.
  secret_string = "postgres://agent_mesh:${random_password.db.result}@${aws_db_instance.db.address}:${aws_db_instance.db.port}/agent_mesh?sslmode=${var.db_ssl_mode}"
}

resource "aws_secretsmanager_secret" "redis_url" {
  name_prefix = "${var.name_prefix}-redis-url-"
  description = "agent-mesh `state.redis` (ElastiCache, TLS)"
  kms_key_id  = var.kms_key_arn
  tags        = var.tags
}

resource "aws_secretsmanager_secret_version" "redis_url" {
  secret_id     = aws_secretsmanager_secret.redis_url.id
  secret_string = "rediss://:${random_password.redis.result}@${aws_elasticache_replication_group.redis.primary_endpoint_address}:6379"
}

# mesh.yaml and mesh.lock, for the config container to write into the tasks' /config volume.
resource "aws_ssm_parameter" "config" {
  for_each = merge(
    { "mesh.yaml" = var.mesh_yaml },
    var.mesh_lock == null ? {} : { "mesh.lock" = var.mesh_lock },
  )
  name   = "/${var.name_prefix}/config/${each.key}"
  type   = "SecureString"
  key_id = var.kms_key_arn
  value  = each.value
  tier   = length(each.value) > 4096 ? "Advanced" : "Standard"
  tags   = var.tags
}
