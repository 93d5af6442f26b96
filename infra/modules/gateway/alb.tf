resource "aws_lb" "gateway" {
  name                       = substr("${var.name_prefix}-gw", 0, 32)
  load_balancer_type         = "application"
  internal                   = var.internal
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  # Streamable HTTP answers may be a long event stream: longer than the 60 s default.
  idle_timeout        = 300
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

resource "aws_lb_target_group" "gateway" {
  name        = substr("${var.name_prefix}-gw", 0, 32)
  port        = local.port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id
  # Let calls in flight finish when a task stops (the gateway drains on SIGTERM).
  deregistration_delay = 60

  # /healthz needs no token and no Host: 200 while the process serves (degraded or not).
  health_check {
    path                = "/healthz"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  # No stickiness: any replica serves any request (sessions live in Redis).
  stickiness {
    type    = "lb_cookie"
    enabled = false
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.gateway.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.gateway.arn
  }

  tags = var.tags
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.gateway.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}
