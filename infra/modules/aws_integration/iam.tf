# The server's permissions: exactly the actions its tools call, on exactly these resources.

locals {
  # Executions are named after their state machine: ...:stateMachine:NAME -> ...:execution:NAME:*
  execution_arns = [for arn in local.state_machine_arns : "${replace(arn, ":stateMachine:", ":execution:")}:*"]

  # Cross-region inference profiles (us.*, eu.*, apac.*, global.*) route to the foundation
  # model in any of their regions, so both the profile and the model must be allowed.
  inference_profile_ids = [for id in var.bedrock_model_ids : id if can(regex("^(us|eu|apac|global|us-gov|jp|au|ca)\\.", id))]
  model_arns = concat(
    [for id in var.bedrock_model_ids : "arn:${local.partition}:bedrock:${local.region}::foundation-model/${id}" if !contains(local.inference_profile_ids, id)],
    [for id in local.inference_profile_ids : "arn:${local.partition}:bedrock:${local.region}:${local.account_id}:inference-profile/${id}"],
    [for id in local.inference_profile_ids : "arn:${local.partition}:bedrock:*::foundation-model/${join(".", slice(split(".", id), 1, length(split(".", id))))}"],
  )
  knowledge_base_arns = [for id in var.knowledge_base_ids : "arn:${local.partition}:bedrock:${local.region}:${local.account_id}:knowledge-base/${id}"]
  log_group_arns      = [for name in var.log_group_names : "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${name}:*"]
  ecr_repository_arns = [for name in var.ecr_repository_names : "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${name}"]
}

data "aws_iam_policy_document" "server" {
  statement {
    sid       = "KeyValueMemoryAndTimeline"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.agent.arn]
  }

  statement {
    sid       = "ArtifactObjects"
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]
  }

  statement {
    sid       = "ArtifactListing"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.artifacts.arn]
  }

  statement {
    sid       = "Events"
    actions   = ["events:PutEvents"]
    resources = [aws_cloudwatch_event_bus.agent.arn]
  }

  dynamic "statement" {
    for_each = length(local.state_machine_arns) > 0 ? [1] : []
    content {
      sid       = "StartAndListWorkflows"
      actions   = ["states:StartExecution", "states:ListExecutions"]
      resources = local.state_machine_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.state_machine_arns) > 0 ? [1] : []
    content {
      sid       = "ReadWorkflowExecutions"
      actions   = ["states:DescribeExecution"]
      resources = local.execution_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.model_arns) > 0 ? [1] : []
    content {
      sid       = "InvokeModels"
      actions   = ["bedrock:InvokeModel"]
      resources = local.model_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.knowledge_base_arns) > 0 ? [1] : []
    content {
      sid       = "SearchKnowledgeBases"
      actions   = ["bedrock:Retrieve"]
      resources = local.knowledge_base_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.log_group_arns) > 0 ? [1] : []
    content {
      sid       = "StartLogQueries"
      actions   = ["logs:StartQuery"]
      resources = local.log_group_arns
    }
  }

  # GetQueryResults, StopQuery and GetMetricStatistics support no resource-level permissions.
  dynamic "statement" {
    for_each = length(local.log_group_arns) > 0 ? [1] : []
    content {
      sid       = "FollowLogQueries"
      actions   = ["logs:GetQueryResults", "logs:StopQuery"]
      resources = ["*"]
    }
  }

  statement {
    sid       = "ReadMetrics"
    actions   = ["cloudwatch:GetMetricStatistics"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = length(local.ecr_repository_arns) > 0 ? [1] : []
    content {
      sid       = "ImageScans"
      actions   = ["ecr:DescribeImageScanFindings", "ecr:StartImageScan"]
      resources = local.ecr_repository_arns
    }
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [1]
    content {
      sid       = "UseTheDataKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
    }
  }
}

resource "aws_iam_policy" "server" {
  name        = "${var.name_prefix}-mcp-aws"
  description = "What @agent-mesh/mcp-aws needs, on the agent-mesh resources only."
  policy      = data.aws_iam_policy_document.server.json
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "server" {
  for_each   = toset(var.role_names)
  role       = each.value
  policy_arn = aws_iam_policy.server.arn
}
