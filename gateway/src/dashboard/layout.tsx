/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { BASE, type Viewer } from "./access.js";

const PAGES = [
  ["overview", "Overview", ""],
  ["catalog", "Catalog", "/catalog"],
  ["try", "Try a tool", "/try"],
  ["approvals", "Approvals", "/approvals"],
  ["audit", "Audit", "/audit"],
  ["workflows", "Workflows", "/workflows"],
  ["costs", "Costs", "/costs"],
] as const;

export type PageName = (typeof PAGES)[number][0];

/** Every page's frame: the navigation, who is signed in and their role. */
export function Layout(props: {
  title: string;
  page?: PageName;
  viewer?: Viewer | undefined;
  children?: Child;
}) {
  const { viewer } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · agent-mesh`}</title>
        <link rel="stylesheet" href={`${BASE}/assets/dashboard.css`} />
        <script src={`${BASE}/assets/htmx.min.js`} defer></script>
        {viewer?.csrf ? <meta name="csrf-token" content={viewer.csrf} /> : null}
      </head>
      <body>
        <header>
          <span class="brand">agent-mesh</span>
          {viewer ? (
            <nav>
              {PAGES.map(([name, label, path]) => (
                <a href={`${BASE}${path}`} aria-current={props.page === name ? "page" : undefined}>
                  {label}
                </a>
              ))}
            </nav>
          ) : (
            <nav></nav>
          )}
          {viewer ? (
            <span class="who">
              <span data-testid="who">
                {viewer.caller.name} · {viewer.operator ? "operator" : "viewer"}
              </span>
              {viewer.caller.kind === "token" ? (
                <form method="post" action={`${BASE}/sign-out`}>
                  <input type="hidden" name="_csrf" value={viewer.csrf} />
                  <button type="submit">Sign out</button>
                </form>
              ) : null}
            </span>
          ) : null}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A hidden CSRF field: every form carries one. */
export function Csrf(props: { viewer: Viewer }) {
  return <input type="hidden" name="_csrf" value={props.viewer.csrf} />;
}

/** A JSON value, escaped, in a <pre>. */
export function Json(props: { value: unknown; testid?: string }) {
  return <pre data-testid={props.testid}>{JSON.stringify(props.value, null, 2)}</pre>;
}
