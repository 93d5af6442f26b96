resource "aws_ecs_cluster" "gateway" {
  name = var.name_prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

locals {
  log_configuration = {
    logDriver = "awslogs"
    options = {
      awslogs-group         = aws_cloudwatch_log_group.gateway.name
      awslogs-region        = local.region
      awslogs-stream-prefix = "gateway"
    }
  }

  # The config container writes mesh.yaml (and mesh.lock) from SSM into the /config volume,
  # then exits; the gateway starts after it and reads /config, read-only.
  write_config = join("", [
    "const fs=require('fs');",
    "fs.writeFileSync('/config/mesh.yaml',process.env.MESH_YAML);",
    "if(process.env.MESH_LOCK)fs.writeFileSync('/config/mesh.lock',process.env.MESH_LOCK);",
  ])

  containers = [
    {
      name                   = "config"
      image                  = var.image
      essential              = false
      readonlyRootFilesystem = true
      user                   = "1000:1000"
      entryPoint             = ["node", "-e"]
      command                = [local.write_config]
      secrets = [for name, p in aws_ssm_parameter.config : {
        name      = name == "mesh.yaml" ? "MESH_YAML" : "MESH_LOCK"
        valueFrom = p.arn
      }]
      mountPoints      = [{ sourceVolume = "config", containerPath = "/config", readOnly = false }]
      logConfiguration = local.log_configuration
    },
    {
      name                   = "gateway"
      image                  = var.image
      essential              = true
      readonlyRootFilesystem = true
      user                   = "1000:1000"
      portMappings           = [{ containerPort = local.port, protocol = "tcp" }]
      command                = ["start", "--config", "/config/mesh.yaml", "--host", "0.0.0.0", "--port", tostring(local.port), "--no-watch"]
      dependsOn              = [{ containerName = "config", condition = "SUCCESS" }]
      environment = [for name, value in merge({ AGENT_MESH_HOME = "/data" }, var.environment) : {
        name  = name
        value = value
      }]
      secrets = concat(
        [
          { name = "AGENT_MESH_DATABASE_URL", valueFrom = aws_secretsmanager_secret.database_url.arn },
          { name = "AGENT_MESH_REDIS_URL", valueFrom = aws_secretsmanager_secret.redis_url.arn },
        ],
        [for name, arn in var.secrets : { name = name, valueFrom = arn }],
      )
      mountPoints = [
        { sourceVolume = "config", containerPath = "/config", readOnly = true },
        { sourceVolume = "data", containerPath = "/data", readOnly = false },
        { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
      ]
      healthCheck = {
        command     = ["CMD", "node", "-e", "fetch('http://127.0.0.1:${local.port}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 30
      }
      stopTimeout      = 60
      logConfiguration = local.log_configuration
    },
  ]
}

resource "aws_ecs_task_definition" "gateway" {
  family                   = var.name_prefix
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode(local.containers)

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # Fargate task storage: writable, private to the task, gone when it stops.
  volume {
    name = "config"
  }
  volume {
    name = "data"
  }
  volume {
    name = "tmp"
  }

  tags = var.tags
}

resource "aws_ecs_service" "gateway" {
  name                              = "gateway"
  cluster                           = aws_ecs_cluster.gateway.id
  task_definition                   = aws_ecs_task_definition.gateway.arn
  desired_count                     = var.desired_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 60
  propagate_tags                    = "SERVICE"

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.gateway.arn
    container_name   = "gateway"
    container_port   = local.port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  # Autoscaling owns the count after the first apply.
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.https]
  tags       = var.tags
}
