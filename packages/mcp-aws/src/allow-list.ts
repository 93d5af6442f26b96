import type { AllowListKind } from "@agent-mesh/core";

// The resources an operator lists for the AWS tools. Checking them is core's allow-list
// (allowedResource, checkAllowList): refused with policy_denied before any AWS call.
const hint = "the aws_integration Terraform module outputs it";
const kind = (noun: string, env: string): AllowListKind => ({ noun, env, hint });

export const BUCKET = kind("bucket", "AGENT_MESH_AWS_BUCKETS");
export const TABLE = kind("table", "AGENT_MESH_AWS_TABLES");
export const EVENT_BUS = kind("event bus", "AGENT_MESH_AWS_EVENT_BUSES");
export const STATE_MACHINE = kind("state machine", "AGENT_MESH_AWS_STATE_MACHINES");
export const MODEL = kind("model", "AGENT_MESH_AWS_MODELS");
export const KNOWLEDGE_BASE = kind("knowledge base", "AGENT_MESH_AWS_KNOWLEDGE_BASES");
export const LOG_GROUP = kind("log group", "AGENT_MESH_AWS_LOG_GROUPS");
export const METRIC_NAMESPACE = kind("metric namespace", "AGENT_MESH_AWS_METRIC_NAMESPACES");
export const ECR_REPOSITORY = kind("ECR repository", "AGENT_MESH_AWS_ECR_REPOSITORIES");
