/** The fields of Vercel's REST responses this server reads; everything else is ignored. */

export interface ApiProject {
  id: string;
  name: string;
  framework?: string | null;
  link?: {
    type?: string;
    org?: string;
    repo?: string;
    repoId?: number | string;
    productionBranch?: string;
  } | null;
  updatedAt?: number;
}

export type ApiReadyState = "QUEUED" | "INITIALIZING" | "BUILDING" | "READY" | "ERROR" | "CANCELED";

export interface ApiDeployment {
  id: string;
  name: string;
  url: string;
  projectId?: string;
  readyState: ApiReadyState;
  target?: string | null;
  createdAt: number;
  ready?: number;
  errorMessage?: string;
  inspectorUrl?: string | null;
  alias?: string[];
  meta?: { githubCommitRef?: string };
}

export interface ApiDeploymentListItem {
  uid: string;
  name: string;
  url: string;
  created: number;
  state?: ApiReadyState;
  readyState?: ApiReadyState;
  target?: string | null;
  projectId?: string;
  inspectorUrl?: string | null;
  meta?: { githubCommitRef?: string };
}

export interface ApiPagination {
  count: number;
  next: number | null;
}

export interface ApiEvent {
  type: string;
  created: number;
  payload?: { text?: string; date?: number };
  text?: string;
}

export interface ApiEnvVar {
  id: string;
  key: string;
  type: string;
  target?: string[] | string;
  gitBranch?: string;
  updatedAt?: number;
  /** Never passed on: values stay in Vercel. */
  value?: string;
}
