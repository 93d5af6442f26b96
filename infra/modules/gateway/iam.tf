data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

# ---- execution role: what ECS needs to start a task (pull, logs, secrets) --------------------

resource "aws_iam_role" "execution" {
  name_prefix        = substr("${var.name_prefix}-exec-", 0, 38)
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "secrets" {
  dynamic "statement" {
    for_each = length(local.secretsmanager_arns) > 0 ? [1] : []
    content {
      sid       = "ReadSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = local.secretsmanager_arns
    }
  }
  dynamic "statement" {
    for_each = length(local.ssm_arns) > 0 ? [1] : []
    content {
      sid       = "ReadParameters"
      actions   = ["ssm:GetParameters"]
      resources = local.ssm_arns
    }
  }
  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [1]
    content {
      sid       = "Decrypt"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arn]
    }
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.secrets.json
}

# ---- task role: what the gateway itself may do (the platforms' policies) -------------------

resource "aws_iam_role" "task" {
  name_prefix        = substr("${var.name_prefix}-task-", 0, 38)
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

# The aws_integration module's policy_arn (and any other) composes here: @agent-mesh/mcp-aws in
# the gateway gets its credentials from this role, no access keys.
resource "aws_iam_role_policy_attachment" "task" {
  count      = length(var.task_policy_arns)
  role       = aws_iam_role.task.name
  policy_arn = var.task_policy_arns[count.index]
}
