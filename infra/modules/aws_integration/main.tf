# The AWS resources the agent-mesh AWS server works on: the agent table (key-value memory and
# the timeline, with TTL), the artifacts bucket (private, encrypted, versioned), the event bus,
# an example state machine, and one IAM policy granting exactly the actions the tools use on
# exactly these resources. outputs.tf turns them into the server's environment.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id
  account_id = data.aws_caller_identity.current.account_id

  table_name     = coalesce(var.table_name, "${var.name_prefix}-agent")
  event_bus_name = coalesce(var.event_bus_name, var.name_prefix)
}

# --- Key-value memory and timeline ----------------------------------------------------------

resource "aws_dynamodb_table" "agent" {
  name                        = local.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  # aws_kv_set writes expires_at (epoch seconds) when given ttl_hours; DynamoDB deletes such
  # items within days, and the server already treats them as gone from the moment they expire.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = var.tags
}

# --- Artifacts ------------------------------------------------------------------------------

resource "aws_s3_bucket" "artifacts" {
  bucket        = var.bucket_name
  bucket_prefix = var.bucket_name == null ? "${var.name_prefix}-artifacts-" : null
  force_destroy = !var.deletion_protection
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket     = aws_s3_bucket.artifacts.id
  depends_on = [aws_s3_bucket_versioning.artifacts]

  rule {
    id     = "expire-old-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_iam_policy_document" "artifacts_tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket     = aws_s3_bucket.artifacts.id
  policy     = data.aws_iam_policy_document.artifacts_tls_only.json
  depends_on = [aws_s3_bucket_public_access_block.artifacts]
}

# --- Events ---------------------------------------------------------------------------------

resource "aws_cloudwatch_event_bus" "agent" {
  name = local.event_bus_name
  tags = var.tags
}

# --- Example workflow -----------------------------------------------------------------------

data "aws_iam_policy_document" "states_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# The example only uses Choice, Wait, Pass and Fail states, so its role needs no permissions.
resource "aws_iam_role" "example_state_machine" {
  count              = var.create_example_state_machine ? 1 : 0
  name               = "${var.name_prefix}-example-workflow"
  assume_role_policy = data.aws_iam_policy_document.states_assume.json
  tags               = var.tags
}

resource "aws_sfn_state_machine" "example" {
  count    = var.create_example_state_machine ? 1 : 0
  name     = "${var.name_prefix}-example"
  role_arn = aws_iam_role.example_state_machine[0].arn
  type     = "STANDARD"

  # The same definition the sandbox runs (packages/sandbox/src/aws/data.ts).
  definition = jsonencode({
    Comment = "agent-mesh example: succeeds with the input echoed, fails when input.fail is true"
    StartAt = "Check"
    States = {
      Check = {
        Type = "Choice"
        Choices = [{
          And = [
            { Variable = "$.fail", IsPresent = true },
            { Variable = "$.fail", BooleanEquals = true },
          ]
          Next = "Fail"
        }]
        Default = "Work"
      }
      Work = { Type = "Wait", Seconds = 1, Next = "Done" }
      Done = { Type = "Pass", Result = { status = "done" }, ResultPath = "$.result", End = true }
      Fail = { Type = "Fail", Error = "ExampleFailure", Cause = "The input asked the example workflow to fail." }
    }
  })

  tags = var.tags
}

locals {
  state_machine_arns = concat(aws_sfn_state_machine.example[*].arn, var.state_machine_arns)
}
