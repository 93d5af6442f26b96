import { openDatabase } from "../../audit/database.js";
import type { ApiKey } from "../../auth/key-store.js";
import { KeyStore } from "../../auth/key-store.js";
import { discoverConfig } from "../../config/discover.js";
import { parseDuration } from "../../config/duration.js";
import { formatIssue } from "../../config/load.js";
import { loadConfigWithPlatforms } from "../../config/load-enabled.js";
import { parse, text, type Values } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

export const KEYS_HELP = `Usage: agent-mesh keys create --client NAME --role ROLE [--role ROLE] [--tenant T] [--expires 90d] [--json]
       agent-mesh keys list [--json]
       agent-mesh keys revoke <id>

API keys for scripts and CI: each is a bearer token (Authorization: Bearer amk_...) naming a
client, its roles and tenant. The key is printed once and stored only as its SHA-256 in the mesh's
database (\`database:\` in mesh.yaml, default the embedded one in $AGENT_MESH_HOME/data). Every
gateway replica checks the database on each use, so a revoked key stops working everywhere at once.
Keys are accepted when mesh.yaml has an \`auth:\` section (docs/auth.md).
  --client NAME   who calls with the key (audit, policy rules' clients:)
  --role ROLE     a role (viewer, deployer, admin, or one under roles:); repeat for more
  --tenant T      the tenant the key acts for (one of \`tenants:\` in mesh.yaml, docs/tenants.md)
  --expires D     the key stops working after D (30d, 90d, 12h); default never
  --json          machine-readable output
  --config FILE   mesh.yaml whose \`database:\` to use
`;

const CLIENT = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

export async function keysCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "keys",
    argv,
    {
      config: { type: "string", short: "c" },
      client: { type: "string" },
      role: { type: "string", multiple: true },
      tenant: { type: "string" },
      expires: { type: "string" },
      json: { type: "boolean" },
    },
    true,
  );
  if (values.help) {
    io.out(KEYS_HELP);
    return 0;
  }
  const [action, ...rest] = positionals;
  if (action === "create" && rest.length === 0)
    return withStore(io, values, (s, tenants) => create(s, io, values, tenants));
  if (action === "list" && rest.length === 0)
    return withStore(io, values, (s) => list(s, io, values));
  if (action === "revoke" && rest.length === 1)
    return withStore(io, values, (s) => revoke(s, io, rest[0]!));
  if (action === "revoke")
    throw new CliError("keys revoke: give the key's id", "see `agent-mesh keys list`", 2);
  throw new CliError(
    `keys: ${action === undefined ? "say what to do" : `unknown argument "${positionals.join(" ")}"`}`,
    "use `agent-mesh keys create`, `keys list` or `keys revoke <id>`",
    2,
  );
}

async function create(store: KeyStore, io: Io, values: Values, tenants: string[]): Promise<number> {
  const client = text(values, "client");
  if (!client || !CLIENT.test(client))
    throw new CliError(
      client ? `--client "${client}" is not a valid name` : "keys create: --client is required",
      "a client name is letters, digits, _ . @ and -, up to 64 (e.g. --client ci)",
      2,
    );
  const roles = (values.role as unknown as string[] | undefined) ?? [];
  if (roles.length === 0)
    throw new CliError(
      "keys create: give at least one --role",
      "e.g. --role viewer (read-only), --role deployer or --role admin",
      2,
    );
  const expires = text(values, "expires");
  const expiresInMs = expires === undefined ? undefined : parseDuration(expires);
  if (expires !== undefined && expiresInMs === undefined)
    throw new CliError(
      `--expires "${expires}" is not a duration`,
      "write it like 90d, 30d or 12h",
      2,
    );
  const tenant = text(values, "tenant");
  // A key for a tenant the mesh does not serve would be refused on every request.
  if (tenant !== undefined && tenants.length > 0 && !tenants.includes(tenant))
    throw new CliError(
      `--tenant "${tenant}" is not a tenant of mesh.yaml`,
      `the tenants are ${tenants.join(", ")} (under \`tenants:\`)`,
      2,
    );
  const { token, key } = await store.create({
    client,
    roles,
    tenant,
    expiresInMs,
  });
  if (values.json) io.out(`${JSON.stringify({ ...key, key: token })}\n`);
  else
    io.out(
      `${token}\n\nAPI key ${key.id} for ${key.client} (roles: ${key.roles.join(", ")}${key.tenant ? `, tenant: ${key.tenant}` : ""}${key.expires_at ? `, expires ${key.expires_at}` : ""}).\nThis is the only time it is shown: store it now (e.g. as a CI secret). Send it as Authorization: Bearer <key>.\n`,
    );
  return 0;
}

async function list(store: KeyStore, io: Io, values: Values): Promise<number> {
  const keys = await store.list();
  if (values.json) {
    for (const key of keys) io.out(`${JSON.stringify(key)}\n`);
    return 0;
  }
  io.out(table(keys));
  return 0;
}

async function revoke(store: KeyStore, io: Io, id: string): Promise<number> {
  const key = await store.revoke(id);
  if (!key) throw new CliError(`no API key with id "${id}"`, "see `agent-mesh keys list`");
  io.out(
    `revoked API key ${key.id} of ${key.client} (at ${key.revoked_at}); every replica refuses it now\n`,
  );
  return 0;
}

async function withStore(
  io: Io,
  values: Values,
  work: (store: KeyStore, tenants: string[]) => Promise<number>,
): Promise<number> {
  const path = discoverConfig(text(values, "config"), io.env, io.cwd);
  let database: string | undefined;
  let tenants: string[] = [];
  if (path) {
    const loaded = await loadConfigWithPlatforms(path, io.env);
    if (!loaded.ok)
      throw new CliError(
        `the config has problems:\n${loaded.issues.map(formatIssue).join("\n")}`,
        "fix them; `agent-mesh doctor` explains each",
      );
    database = loaded.config.database;
    tenants = Object.keys(loaded.config.tenants);
  }
  let store: KeyStore;
  try {
    const db = await openDatabase(database, io.env);
    store = await KeyStore.open(db).catch(async (err) => {
      await db.close().catch(() => {});
      throw err;
    });
  } catch (err) {
    throw new CliError(`the key database cannot be opened: ${(err as Error).message}`);
  }
  try {
    return await work(store, tenants);
  } finally {
    await store.close();
  }
}

function table(keys: ApiKey[]): string {
  if (keys.length === 0) return "no API keys (create one with `agent-mesh keys create`)\n";
  const now = Date.now();
  const status = (key: ApiKey) =>
    key.revoked_at
      ? "revoked"
      : key.expires_at && Date.parse(key.expires_at) <= now
        ? "expired"
        : "active";
  const day = (iso: string | undefined) => (iso ? iso.replace("T", " ").slice(0, 16) : "-");
  const rows = keys.map((key) => [
    key.id,
    key.client,
    key.roles.join(","),
    key.tenant ?? "-",
    status(key),
    day(key.created_at),
    day(key.expires_at),
    day(key.last_used_at),
  ]);
  const head = ["ID", "CLIENT", "ROLES", "TENANT", "STATUS", "CREATED", "EXPIRES", "LAST USED"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd()}\n`;
  return line(head) + rows.map(line).join("");
}
