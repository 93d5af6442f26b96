/** The fixture world of the Vercel stand-in: a team with two git-connected projects. */
export const VERCEL_TOKEN = "sandbox-vercel-token";
/** The secret `agent-mesh start --sandbox` gives the gateway for /hooks/vercel. */
export const VERCEL_WEBHOOK_SECRET = "sandbox-vercel-webhook-secret-0000";
export const VERCEL_TEAM_ID = "team_sandbox";
/** Requests about this project answer 429, to exercise rate-limit handling. */
export const THROTTLED_PROJECT = "throttled";

export interface Project {
  id: string;
  name: string;
  framework: string | null;
  link: {
    type: "github";
    org: string;
    repo: string;
    repoId: number;
    productionBranch: string;
  } | null;
  createdAt: number;
  updatedAt: number;
}

export interface EnvVar {
  id: string;
  key: string;
  value: string;
  type: "encrypted" | "sensitive" | "plain";
  target: Array<"production" | "preview" | "development">;
  gitBranch?: string;
  createdAt: number;
  updatedAt: number;
}

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);

export function seedProjects(): Project[] {
  return [
    {
      id: "prj_web",
      name: "web",
      framework: "nextjs",
      link: { type: "github", org: "acme", repo: "web", repoId: 1001, productionBranch: "main" },
      createdAt: BASE,
      updatedAt: BASE + 3 * DAY,
    },
    {
      id: "prj_api",
      name: "api",
      framework: null,
      link: { type: "github", org: "acme", repo: "api", repoId: 1002, productionBranch: "main" },
      createdAt: BASE + DAY,
      updatedAt: BASE + 2 * DAY,
    },
    {
      id: "prj_docs",
      name: "docs",
      framework: "astro",
      link: null,
      createdAt: BASE + 2 * DAY,
      updatedAt: BASE + DAY,
    },
    {
      id: "prj_throttled",
      name: THROTTLED_PROJECT,
      framework: null,
      link: null,
      createdAt: BASE,
      updatedAt: BASE,
    },
  ];
}

export function seedEnv(): Map<string, EnvVar[]> {
  return new Map([
    [
      "prj_web",
      [
        {
          id: "env_db",
          key: "DATABASE_URL",
          value: "postgres://web:hunter2@db/web",
          type: "encrypted",
          target: ["production", "preview"],
          createdAt: BASE,
          updatedAt: BASE,
        },
        {
          id: "env_flag",
          key: "NEXT_PUBLIC_FLAG",
          value: "plain-flag-value",
          type: "plain",
          target: ["production", "preview", "development"],
          createdAt: BASE,
          updatedAt: BASE,
        },
      ],
    ],
  ]);
}
