import { parse } from "yaml";

/**
 * The first-party platforms a mesh.yaml text may enable, read before validation so the gateway
 * loads only their code. Without an `integrations` section every platform is mounted; with one,
 * those it lists and does not disable with a literal `enabled: false`; plus those a tenant's
 * `integrations` enables the same way. Text that does not parse names every platform:
 * validation then reports what is wrong.
 */
export function enabledPlatforms(text: string, names: readonly string[]): string[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    return [...names];
  }
  const integrations = isRecord(document) ? document.integrations : undefined;
  if (!isRecord(integrations)) return [...names];
  const tenants = isRecord(document) && isRecord(document.tenants) ? document.tenants : {};
  const sections = [
    integrations,
    ...Object.values(tenants).map((tenant) =>
      isRecord(tenant) && isRecord(tenant.integrations) ? tenant.integrations : {},
    ),
  ];
  return names.filter((name) => sections.some((section) => enables(section, name)));
}

function enables(integrations: Record<string, unknown>, name: string): boolean {
  if (!(name in integrations)) return false;
  const entry = integrations[name];
  return !(isRecord(entry) && entry.enabled === false);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
