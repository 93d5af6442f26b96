import type { Logger } from "@agent-mesh/core";
import type { MeshConfig } from "../config/schema.js";
import type { Policy } from "../policy/policy.js";
import { Supervisor, type SupervisorOptions } from "../supervisor.js";
import { tenantConfig } from "./tenant-config.js";

/** What serves one tenant's callers: its downstreams and catalog, and its policy. */
export interface TenantScope {
  tenant: string;
  supervisor: Supervisor;
  policy: Policy | undefined;
}

export interface TenantScopesOptions {
  /** A supervisor's options for a tenant (its environment, its events routed to its sessions). */
  supervisor(tenant: string): SupervisorOptions;
  logger: Logger;
}

/**
 * The tenants' scopes, each started at its tenant's first request (so idle tenants cost
 * nothing), kept in step with mesh.yaml by `apply`, and stopped when their tenant is removed.
 */
export class TenantScopes {
  private readonly started = new Map<string, TenantScope>();
  private config: MeshConfig | undefined;
  private policies = new Map<string, Policy | undefined>();

  constructor(private readonly options: TenantScopesOptions) {}

  /** The scope of a tenant of the current config, started now if it was not yet. */
  get(tenant: string): TenantScope {
    const existing = this.started.get(tenant);
    if (existing) return existing;
    if (!this.config || !Object.hasOwn(this.config.tenants, tenant)) {
      throw new Error(`no tenant ${tenant} in the mesh's config`);
    }
    const scope: TenantScope = {
      tenant,
      supervisor: new Supervisor(this.options.supervisor(tenant)),
      policy: this.policies.get(tenant),
    };
    this.started.set(tenant, scope);
    this.start(scope, this.config);
    return scope;
  }

  /** The scope of a tenant if it has started, without starting it. */
  peek(tenant: string): TenantScope | undefined {
    return this.started.get(tenant);
  }

  list(): TenantScope[] {
    return [...this.started.values()];
  }

  /**
   * Moves to a new config with the tenants' policies, compiled beforehand: started tenants that
   * remain apply their new integrations and servers, removed ones are stopped.
   */
  async apply(config: MeshConfig, policies: Map<string, Policy | undefined>): Promise<void> {
    this.config = config;
    this.policies = policies;
    const work: Promise<unknown>[] = [];
    for (const [tenant, scope] of this.started) {
      if (!Object.hasOwn(config.tenants, tenant)) {
        this.started.delete(tenant);
        work.push(scope.supervisor.close());
        continue;
      }
      scope.policy = policies.get(tenant);
      work.push(scope.supervisor.apply(tenantConfig(config, tenant)));
    }
    await Promise.all(work);
  }

  async close(): Promise<void> {
    const scopes = [...this.started.values()];
    this.started.clear();
    await Promise.allSettled(scopes.map((scope) => scope.supervisor.close()));
  }

  private start(scope: TenantScope, config: MeshConfig): void {
    scope.supervisor.apply(tenantConfig(config, scope.tenant)).catch((err: unknown) => {
      this.options.logger.error(
        `tenant ${scope.tenant}: its downstreams could not start: ${String(err)}`,
      );
    });
  }
}
