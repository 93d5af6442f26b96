/** @jsxImportSource hono/jsx */
import { BASE } from "../access.js";

/** The sign-in form: a client token from gateway.clients (or gateway.tokens). */
export function SignInPage(props: { csrf: string; problem?: string }) {
  return (
    <div class="card">
      <p>
        This gateway asks for a client token, as <code>/mcp</code> does. Paste one of the tokens in
        <code> gateway.clients</code>; the dashboard keeps you signed in with a session cookie.
      </p>
      {props.problem ? (
        <p class="error" data-testid="problem">
          {props.problem}
        </p>
      ) : null}
      <form method="post" action={`${BASE}/sign-in`}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label for="token">Client token</label>
        <input id="token" type="password" name="token" autocomplete="current-password" required />
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
    </div>
  );
}
