// The gateway as its own process, with the bench platform mounted in-process beside every
// first-party platform: `node gateway-process.mjs stdio|http|replica <mesh.yaml>`. Prints the URL
// for http and replica; replica starts as `agent-mesh start` does (shared state from `state:`).
import { createLogger } from "@agent-mesh/core";
import { StdioServerTransport } from "@agent-mesh/core/node";
import {
  loadConfigFile,
  loadPlatforms,
  Mesh,
  meshSchema,
  STDIO_CALLER,
  serveHttp,
  startMesh,
} from "@agent-mesh/gateway";
import { benchPlatform } from "./bench-platform.mjs";

const [mode, configPath] = process.argv.slice(2);
const platforms = [...(await loadPlatforms()), benchPlatform];
const logger = createLogger({ name: "agent-mesh", level: "error" });
if (mode === "replica") {
  const running = await startMesh({ configPath, platforms, logger, watch: false });
  process.once("SIGTERM", () => running.close().then(() => process.exit(0)));
  const http = await serveHttp(running.mesh, { ...running.config.gateway, port: 0 });
  process.stdout.write(`${http.url}\n`);
} else {
  const loaded = configPath
    ? await loadConfigFile(configPath, platforms)
    : { ok: true, config: meshSchema(platforms).parse({}) };
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const mesh = new Mesh({ platforms, logger });
  await mesh.apply(loaded.config);
  process.once("SIGTERM", () => mesh.close().then(() => process.exit(0)));
  if (mode === "stdio") {
    process.stdin.once("end", () => mesh.close().then(() => process.exit(0)));
    await mesh.connectSession(STDIO_CALLER).connect(new StdioServerTransport());
  } else {
    const http = await serveHttp(mesh, { ...loaded.config.gateway, port: 0 });
    process.stdout.write(`${http.url}\n`);
  }
}
