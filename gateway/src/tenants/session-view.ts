import type { Caller } from "@agent-mesh/core";
import type { Mesh } from "../mesh.js";
import type { MeshApi } from "../proxy/mesh-api.js";

/**
 * The mesh as one client session sees it: the catalog, search mode and first-list wait of the
 * caller's tenant (the top level's for a caller without one). Each use resolves the tenant
 * afresh, so a reload that removes it refuses the session's next request.
 */
export function sessionView(mesh: Mesh, caller: Caller): MeshApi {
  return {
    get catalog() {
      return mesh.catalogFor(caller);
    },
    get searchActive() {
      return mesh.searchActiveIn(mesh.catalogFor(caller));
    },
    visibleTools: (who) => mesh.visibleTools(who),
    toolVisible: (who, name) => mesh.toolVisible(who, name),
    settled: (maxMs) => mesh.scope(caller).supervisor.settled(maxMs),
    callTool: (request) => mesh.callTool(request),
    during: (downstream, who, answers, work) => mesh.during(downstream, who, answers, work),
    subscribe: (session, uri, subscribe) => mesh.subscribe(session, uri, subscribe),
    setLogLevel: (session, level) => mesh.setLogLevel(session, level),
  };
}
