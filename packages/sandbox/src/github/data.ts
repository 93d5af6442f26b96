import { createHash } from "node:crypto";

/** The personal access token the stand-in accepts. */
export const GITHUB_TOKEN = "ghp_sandboxToken000000000000000000000000";
/** The secret `agent-mesh start --sandbox` gives the gateway for /hooks/github (register hooks with it). */
export const GITHUB_WEBHOOK_SECRET = "sandbox-github-webhook-secret-0000";
/** The allow-list `agent-mesh start --sandbox` uses. */
export const GITHUB_REPOS = "acme/web,acme/*";
/** A repository whose every call hits GitHub's secondary rate limit. */
export const THROTTLED_REPO = "acme/throttled";
/** A GitHub App the stand-in knows: id and installation (its key pair is in app-auth.ts). */
export const GITHUB_APP_ID = "424242";
export const GITHUB_APP_INSTALLATION_ID = 7777;

export const sha = (text: string) => createHash("sha1").update(text).digest("hex");

export interface Repo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  /** The sandbox token can see it (404 otherwise, as GitHub answers for what a token cannot see). */
  visible: boolean;
  permissions: { admin: boolean; maintain: boolean; push: boolean; triage: boolean; pull: boolean };
  defaultBranch: string;
  branches: Map<string, string>;
  tags: Map<string, string>;
  files: Map<string, string>;
  workflows: Workflow[];
  nextNumber: number;
}

export interface WorkflowInput {
  required?: boolean;
  default?: string;
}

export interface Workflow {
  id: number;
  name: string;
  path: string;
  dispatch: boolean;
  inputs: Record<string, WorkflowInput>;
  jobs: Array<{ name: string; steps: string[] }>;
}

const FULL = { admin: true, maintain: true, push: true, triage: true, pull: true };
const READ = { admin: false, maintain: false, push: false, triage: false, pull: true };

const deploy = (id: number): Workflow => ({
  id,
  name: "Deploy",
  path: ".github/workflows/deploy.yml",
  dispatch: true,
  inputs: { environment: { required: true }, dry_run: { default: "false" } },
  jobs: [
    { name: "build", steps: ["Set up job", "Checkout", "Build", "Complete job"] },
    { name: "deploy", steps: ["Set up job", "Deploy", "Complete job"] },
  ],
});

const ci = (id: number): Workflow => ({
  id,
  name: "CI",
  path: ".github/workflows/ci.yml",
  dispatch: true,
  inputs: {},
  jobs: [{ name: "test", steps: ["Set up job", "Checkout", "Test", "Complete job"] }],
});

const pushOnly = (id: number): Workflow => ({
  id,
  name: "Lint",
  path: ".github/workflows/lint.yml",
  dispatch: false,
  inputs: {},
  jobs: [{ name: "lint", steps: ["Set up job", "Lint", "Complete job"] }],
});

function repo(
  id: number,
  full: string,
  opts: { private?: boolean; visible?: boolean; push?: boolean; workflows?: Workflow[] } = {},
): Repo {
  const [owner = "", name = ""] = full.split("/");
  return {
    id,
    owner,
    name,
    private: opts.private ?? false,
    visible: opts.visible ?? true,
    permissions: opts.push === false ? { ...READ } : { ...FULL },
    defaultBranch: "main",
    branches: new Map([
      ["main", sha(`${full}@main`)],
      ["feature/login", sha(`${full}@feature/login`)],
      ["feature/conflict", sha(`${full}@feature/conflict`)],
    ]),
    tags: new Map([["v1.0.0", sha(`${full}@v1.0.0`)]]),
    files: new Map([
      ["README.md", `# ${name}\n\nThe ${name} service.\n`],
      ["src/index.ts", 'export const hello = "world";\n'],
      ["package.json", `{ "name": "${name}", "version": "1.0.0" }\n`],
    ]),
    workflows: opts.workflows ?? [],
    nextNumber: 1,
  };
}

/** Fresh repositories: acme/web (CI/CD), acme/api (private), a read-only one, one the token cannot see. */
export function seedRepos(): Repo[] {
  return [
    repo(1001, "acme/web", { workflows: [deploy(501), ci(502), pushOnly(503)] }),
    repo(1002, "acme/api", { private: true, workflows: [ci(504)] }),
    repo(1003, "acme/docs", { push: false }),
    repo(1004, "acme/throttled"),
    repo(1005, "other/secret", { private: true, visible: false, workflows: [ci(505)] }),
  ];
}
