import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { Prompt, Resource, ResourceTemplate, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Downstream } from "../downstream/downstream.js";
import { isThirdParty } from "../downstream/types.js";
import { assignNames, type NameRequest } from "./naming.js";
import { makeFilter } from "./patterns.js";

/** The `_meta` key of an exposed tool that names the downstream serving it. */
export const SERVER_META = "io.agent-mesh/server";

export interface Routed<T> {
  downstream: Downstream;
  /** The downstream's own name (or URI) for it. */
  original: string;
  /** What clients see. */
  exposed: T;
}

export interface GlobalToolRules {
  allow?: string[] | undefined;
  deny?: string[] | undefined;
}

/**
 * Reviews a third-party server's tools (pinning, scanning); returns the names to hide from every
 * caller. `otherTools` are the other downstreams' tool names (to spot shadowing).
 */
export type ToolReview = (
  server: string,
  tools: readonly Tool[],
  otherTools: readonly string[],
) => Set<string>;

/**
 * The merged view of every downstream: names clients see, mapped back to the downstream and the
 * downstream's own name. Immutable; the mesh builds a new one whenever anything changes.
 */
export class Catalog {
  readonly tools = new Map<string, Routed<Tool>>();
  readonly prompts = new Map<string, Routed<Prompt>>();
  readonly resources = new Map<string, Routed<Resource>>();
  readonly templates = new Map<string, Routed<ResourceTemplate> & { matcher: UriTemplate }>();
  /** Downstreams whose URIs are shown as `<name>+<uri>` (configured, or a URI collided). */
  private readonly prefixedUris = new Set<Downstream>();
  private readonly uriOwners: Downstream[] = [];

  constructor(
    downstreams: readonly Downstream[],
    rules: GlobalToolRules = {},
    review?: ToolReview,
  ) {
    // A downstream keeps its last listing while it restarts; only removed ones disappear.
    const live = downstreams.filter((d) => d.everReady && d.state !== "stopped");
    this.mergeTools(live, rules, review);
    this.mergePrompts(live);
    this.mergeResources(live);
  }

  get toolList(): Tool[] {
    return [...this.tools.values()].map((entry) => entry.exposed);
  }

  /** The exposed URI of a downstream's own URI (for resource-updated notifications). */
  exposedUri(downstream: Downstream, uri: string): string {
    return this.prefixedUris.has(downstream) ? `${downstream.name}+${uri}` : uri;
  }

  /** Which downstream serves a URI, and under which URI it knows it. */
  routeUri(uri: string): { downstream: Downstream; uri: string } | undefined {
    const known = this.resources.get(uri);
    if (known) return { downstream: known.downstream, uri: known.original };
    for (const downstream of this.prefixedUris) {
      const prefix = `${downstream.name}+`;
      if (uri.startsWith(prefix)) return { downstream, uri: uri.slice(prefix.length) };
    }
    for (const template of this.templates.values()) {
      if (!this.prefixedUris.has(template.downstream) && template.matcher.match(uri)) {
        return { downstream: template.downstream, uri };
      }
    }
    // Last resort: the only downstream that uses this URI scheme.
    const scheme = schemeOf(uri);
    const owners = this.uriOwners.filter(
      (downstream) =>
        !this.prefixedUris.has(downstream) &&
        [
          ...downstream.listing.resources.map((r) => r.uri),
          ...downstream.listing.templates.map((t) => t.uriTemplate),
        ].some((known) => schemeOf(known) === scheme),
    );
    return owners.length === 1 ? { downstream: owners[0]!, uri } : undefined;
  }

  private mergeTools(
    live: readonly Downstream[],
    rules: GlobalToolRules,
    review: ToolReview | undefined,
  ): void {
    const requests: Array<NameRequest & { downstream: string; tool: Tool; owner: Downstream }> = [];
    for (const downstream of live) {
      const { rules: own, kind } = downstream.spec;
      const allowed = makeFilter(own.allow, own.deny);
      // Quarantined third-party tools are hidden from everyone.
      const hidden =
        review && isThirdParty(kind)
          ? review(
              downstream.name,
              downstream.listing.tools,
              live
                .filter((d) => d !== downstream)
                .flatMap((d) => d.listing.tools.map((t) => t.name)),
            )
          : undefined;
      for (const tool of downstream.listing.tools) {
        if (!allowed(tool.name) || hidden?.has(tool.name)) continue;
        requests.push({
          downstream: downstream.name,
          owner: downstream,
          tool,
          wanted: own.rename?.[tool.name] ?? tool.name,
          fixed: !isThirdParty(kind),
          prefix: configuredPrefix(downstream),
        });
      }
    }
    const names = assignNames(requests);
    const exposedAllowed = makeFilter(rules.allow, rules.deny);
    for (const [index, request] of requests.entries()) {
      const name = names[index]!;
      if (!exposedAllowed(name)) continue;
      this.tools.set(name, {
        downstream: request.owner,
        original: request.tool.name,
        // Clients (the CLI against a running gateway, the dashboard) learn which server has it.
        exposed: {
          ...request.tool,
          name,
          _meta: { ...request.tool._meta, [SERVER_META]: request.downstream },
        },
      });
    }
  }

  private mergePrompts(live: readonly Downstream[]): void {
    const requests = live.flatMap((downstream) =>
      downstream.listing.prompts.map((prompt) => ({
        downstream: downstream.name,
        owner: downstream,
        prompt,
        wanted: prompt.name,
        fixed: false,
        prefix: configuredPrefix(downstream),
      })),
    );
    const names = assignNames(requests);
    for (const [index, request] of requests.entries()) {
      const name = names[index]!;
      this.prompts.set(name, {
        downstream: request.owner,
        original: request.prompt.name,
        exposed: { ...request.prompt, name },
      });
    }
  }

  private mergeResources(live: readonly Downstream[]): void {
    const seen = new Map<string, Downstream>();
    for (const downstream of live) {
      const { resources, templates } = downstream.listing;
      if (resources.length === 0 && templates.length === 0) continue;
      this.uriOwners.push(downstream);
      if (downstream.spec.prefix !== false) this.prefixedUris.add(downstream);
      for (const uri of [...resources.map((r) => r.uri), ...templates.map((t) => t.uriTemplate)]) {
        const other = seen.get(uri);
        if (other && other !== downstream) {
          this.prefixedUris.add(other);
          this.prefixedUris.add(downstream);
        }
        seen.set(uri, downstream);
      }
    }
    for (const downstream of this.uriOwners) {
      for (const resource of downstream.listing.resources) {
        const uri = this.exposedUri(downstream, resource.uri);
        this.resources.set(uri, {
          downstream,
          original: resource.uri,
          exposed: { ...resource, uri },
        });
      }
      for (const template of downstream.listing.templates) {
        const uriTemplate = this.exposedUri(downstream, template.uriTemplate);
        let matcher: UriTemplate;
        try {
          matcher = new UriTemplate(template.uriTemplate);
        } catch {
          continue; // A template the SDK cannot parse cannot be routed either.
        }
        this.templates.set(uriTemplate, {
          downstream,
          original: template.uriTemplate,
          exposed: { ...template, uriTemplate },
          matcher,
        });
      }
    }
  }
}

/** The prefix a downstream's names always get (`prefix: true` means its own name), if any. */
function configuredPrefix(downstream: Downstream): string | undefined {
  const { prefix } = downstream.spec;
  if (prefix === false) return undefined;
  return prefix === true ? downstream.name : prefix;
}

function schemeOf(uri: string): string {
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1] ?? "";
}
