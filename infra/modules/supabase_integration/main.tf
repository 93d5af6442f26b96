# The Supabase project the agent-mesh Supabase server operates on: the project (or an existing
# one by ref), its API settings (exposed schemas, the row cap PostgREST answers with), and its
# API keys read back for the server. The server's environment is in outputs.tf.

resource "supabase_project" "this" {
  count = var.project_ref == null ? 1 : 0

  organization_id   = var.organization_id
  name              = var.project_name
  database_password = var.database_password
  region            = var.region
  instance_size     = var.instance_size

  lifecycle {
    ignore_changes = [database_password, instance_size]
  }
}

locals {
  project_ref = var.project_ref == null ? supabase_project.this[0].id : var.project_ref
}

resource "supabase_settings" "this" {
  project_ref = local.project_ref

  api = jsonencode({
    db_schema            = join(",", var.exposed_schemas)
    db_extra_search_path = "public,extensions"
    max_rows             = var.max_rows
  })
}

data "supabase_apikeys" "this" {
  project_ref = local.project_ref
}

locals {
  server_env = merge(
    {
      SUPABASE_URL     = "https://${local.project_ref}.supabase.co"
      SUPABASE_SCHEMAS = join(",", var.allowed_schemas)
    },
    length(var.allowed_tables) == 0 ? {} : { SUPABASE_TABLES = join(",", var.allowed_tables) },
    length(var.allowed_buckets) == 0 ? {} : { SUPABASE_BUCKETS = join(",", var.allowed_buckets) },
    var.read_only ? { SUPABASE_READ_ONLY = "true" } : {},
    var.sql_writes ? { SUPABASE_SQL_WRITES = "true" } : {},
  )
  database_url = "postgresql://postgres:${urlencode(var.database_password)}@db.${local.project_ref}.supabase.co:5432/postgres"
}
