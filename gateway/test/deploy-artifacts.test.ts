import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../src/config/load.js";
import { firstPartyPlatforms } from "./platforms.js";

// What this machine can check of the image and the Terraform module without Docker Hub or the
// providers: the Dockerfile's rules, `terraform fmt -check`, the module's layout and wiring,
// and that every shell command in docs/deploy.md is either run by a test or marked an example.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const MODULE = join(ROOT, "infra", "modules", "gateway");
const TERRAFORM = process.env.TERRAFORM ?? "/usr/local/bin/terraform";
const run = promisify(execFile);

interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(" ") };
    });
}

describe("the Dockerfile", async () => {
  const all = instructions(await readFile(join(ROOT, "Dockerfile"), "utf8"));
  const stages = all.filter((i) => i.op === "FROM");
  const lastFrom = all.lastIndexOf(stages.at(-1)!);
  const runtime = all.slice(lastFrom);

  it("is multi-stage, the runtime copying only the build's output", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]!.args).toMatch(/ AS build$/i);
    const copies = runtime.filter((i) => i.op === "COPY");
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) expect(copy.args).toMatch(/--from=build/);
    // The build installs from the lockfile and deploys the gateway alone, production deps only.
    const build = all.slice(0, lastFrom).find((i) => i.op === "RUN" && i.args.includes("deploy"));
    expect(build?.args).toContain("pnpm install --frozen-lockfile");
    expect(build?.args).toMatch(/--filter @agent-mesh\/gateway deploy --prod/);
  });

  it("runs as a non-root user", () => {
    const users = runtime.filter((i) => i.op === "USER");
    expect(users.length).toBe(1);
    expect(users[0]!.args).not.toMatch(/^(root|0)(:|$)/);
    // Nothing runs after USER as root again, and the entrypoint comes after it.
    expect(runtime.findIndex((i) => i.op === "USER")).toBeLessThan(
      runtime.findIndex((i) => i.op === "ENTRYPOINT"),
    );
  });

  it("declares the writable places for a read-only root filesystem, and the config mount", () => {
    const volume = runtime.find((i) => i.op === "VOLUME");
    expect(JSON.parse(volume!.args)).toEqual(["/data", "/tmp"]);
    const env = runtime
      .filter((i) => i.op === "ENV")
      .map((i) => i.args)
      .join(" ");
    expect(env).toContain("AGENT_MESH_HOME=/data");
    const cmd = JSON.parse(runtime.find((i) => i.op === "CMD")!.args) as string[];
    expect(cmd).toEqual(expect.arrayContaining(["start", "--config", "/config/mesh.yaml"]));
    expect(cmd[cmd.indexOf("--host") + 1]).toBe("0.0.0.0");
  });

  it("checks its health on the tokenless /healthz route the gateway serves", () => {
    const check = runtime.find((i) => i.op === "HEALTHCHECK");
    expect(check?.args).toMatch(/--interval=\d+s/);
    expect(check?.args).toContain("http://127.0.0.1:7420/healthz");
    const entry = JSON.parse(runtime.find((i) => i.op === "ENTRYPOINT")!.args) as string[];
    expect(entry).toEqual(["node", "/app/bin/agent-mesh.js"]);
  });

  it("ships every first-party platform: the gateway mounts them in-process", async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, "gateway", "package.json"), "utf8"));
    const packages = (await readdir(join(ROOT, "packages"))).filter((p) => p.startsWith("mcp-"));
    const deps = { ...manifest.dependencies, ...manifest.devDependencies };
    for (const name of packages) expect(deps).toHaveProperty(`@agent-mesh/${name}`);
    expect(firstPartyPlatforms.length).toBe(packages.length);
  });

  it("keeps build output and secrets out of the build context", async () => {
    const ignore = (await readFile(join(ROOT, ".dockerignore"), "utf8")).split("\n");
    expect(ignore).toEqual(expect.arrayContaining(["**/node_modules", "**/dist", ".git"]));
  });
});

describe("infra/modules/gateway", async () => {
  const files = await readdir(MODULE);
  const tf = Object.fromEntries(
    await Promise.all(
      files
        .filter((f) => f.endsWith(".tf"))
        .map(async (f) => [f, await readFile(join(MODULE, f), "utf8")] as const),
    ),
  );
  const all = Object.values(tf).join("\n");

  it("has the layout of the other modules", () => {
    for (const file of ["README.md", "variables.tf", "outputs.tf", "versions.tf", "main.tf"]) {
      expect(files).toContain(file);
    }
    expect(existsSync(join(MODULE, "examples", "basic", "main.tf"))).toBe(true);
    expect(existsSync(join(MODULE, "examples", "advanced", "main.tf"))).toBe(true);
  });

  it.skipIf(!existsSync(TERRAFORM))(
    "is formatted (terraform fmt -check parses every file)",
    async () => {
      const { stdout } = await run(TERRAFORM, [
        "fmt",
        "-check",
        "-recursive",
        "-list=true",
        MODULE,
      ]);
      expect(stdout).toBe("");
    },
  );

  it("declares the resources the deployment needs", () => {
    for (const resource of [
      "aws_ecs_service",
      "aws_ecs_task_definition",
      "aws_lb",
      "aws_lb_target_group",
      "aws_elasticache_replication_group",
      "aws_db_instance",
      "aws_cloudwatch_log_group",
      "aws_appautoscaling_target",
      "aws_secretsmanager_secret",
      "aws_ssm_parameter",
      "aws_iam_role",
    ]) {
      expect(all, resource).toMatch(new RegExp(`resource "${resource}"`));
    }
    expect(tf["ecs.tf"]).toContain('requires_compatibilities = ["FARGATE"]');
    expect(tf["alb.tf"]).toMatch(
      /protocol\s+= "HTTPS"[\s\S]*certificate_arn\s+= var\.certificate_arn/,
    );
    expect(tf["alb.tf"]).toMatch(/path\s+= "\/healthz"/);
    expect(tf["alb.tf"]).toMatch(/stickiness \{[^}]*enabled = false/);
    expect(tf["autoscaling.tf"]).toContain('"ECSServiceAverageCPUUtilization"');
    expect(tf["autoscaling.tf"]).toContain('"ALBRequestCountPerTarget"');
    expect(tf["ecs.tf"]).toContain("readonlyRootFilesystem = true");
    expect(tf["ecs.tf"]).toMatch(/logDriver = "awslogs"/);
    expect(tf["data.tf"]).toMatch(/transit_encryption_enabled\s+= true/);
    expect(tf["data.tf"]).toMatch(/storage_encrypted\s+= true/);
    expect(tf["iam.tf"]).toContain("var.task_policy_arns");
  });

  it("documents every input and output in its README", async () => {
    const readme = await readFile(join(MODULE, "README.md"), "utf8");
    const inputs = [...all.matchAll(/^variable "([^"]+)"/gm)].map((m) => m[1]!);
    const outputs = [...all.matchAll(/^output "([^"]+)"/gm)].map((m) => m[1]!);
    expect(inputs.length).toBeGreaterThan(10);
    for (const name of [...inputs, ...outputs]) expect(readme, name).toContain(`\`${name}\``);
  });

  it("composes the aws_integration module's policy into the task role in the advanced example", async () => {
    const advanced = await readFile(join(MODULE, "examples", "advanced", "main.tf"), "utf8");
    expect(advanced).toContain('source = "../../../aws_integration"');
    expect(advanced).toMatch(/task_policy_arns\s+= \[module\.agent_mesh_aws\.policy_arn\]/);
    expect(existsSync(join(MODULE, "..", "aws_integration", "outputs.tf"))).toBe(true);
  });

  it("ships an advanced mesh.yaml the gateway accepts, with the module's environment", async () => {
    const result = await loadConfigFile(
      join(MODULE, "examples", "advanced", "mesh.yaml"),
      firstPartyPlatforms,
      {
        AGENT_MESH_OPS_TOKEN: "ops-token-0123456789abcdef",
        AGENT_MESH_DATABASE_URL: "postgres://agent_mesh:pw@db.internal:5432/agent_mesh",
        AGENT_MESH_REDIS_URL: "rediss://:pw@redis.internal:6379",
        STRIPE_SECRET_KEY: "sk_test_0123456789",
        GITHUB_TOKEN: "ghp_0123456789abcdef",
        AWS_REGION: "eu-west-1",
      },
    );
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (result.ok) {
      expect(result.config.database).toMatch(/^postgres:\/\//);
      expect(result.config.state?.redis).toMatch(/^rediss:\/\//);
    }
  });
});

describe("docs/deploy.md", () => {
  it("shows a replica mesh.yaml the gateway accepts", async () => {
    const text = await readFile(join(ROOT, "docs", "deploy.md"), "utf8");
    const yaml = /```yaml\n([\s\S]*?)```/.exec(text)![1]!;
    const dir = await mkdtemp(join(tmpdir(), "mesh-deploy-doc-"));
    try {
      await writeFile(join(dir, "mesh.yaml"), yaml);
      const result = await loadConfigFile(join(dir, "mesh.yaml"), firstPartyPlatforms, {
        AGENT_MESH_TOKEN: "team-token-0123456789abcdef",
        AGENT_MESH_DATABASE_URL: "postgres://mesh:pw@db:5432/mesh",
        AGENT_MESH_REDIS_URL: "redis://redis:6379",
      });
      expect(result.ok ? [] : result.issues).toEqual([]);
      if (result.ok) {
        expect(result.config.gateway.host).toBe("0.0.0.0");
        expect(result.config.state?.redis).toBe("redis://redis:6379");
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("marks every shell command as run by a test or as an example for your own cloud", async () => {
    const text = await readFile(join(ROOT, "docs", "deploy.md"), "utf8");
    const blocks = [...text.matchAll(/(<!--[^>]*-->\s*)?```(sh|bash|shell|console)\n/g)];
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      expect(block[1], `the block at offset ${block.index}`).toMatch(
        /<!-- (example: your own (cloud|machine)|docs-run: [\w.-]+) -->/,
      );
    }
  });
});
