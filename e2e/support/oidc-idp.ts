/**
 * A real OpenID provider for the single sign-on tests: the `oidc-provider` package (certified OpenID
 * Connect server) on a loopback port, with test people and groups, a tiny login form of its own (no
 * password: the tests are about what Beaconport does with what the provider asserts), and a test control
 * that only loopback clients reach:
 *   POST /__test/next-id-token {"mode":"expired"|"forged"}: the next token response carries an ID token
 *        that expired an hour ago (signed with the provider's key) or one signed with a key that is not in
 *        the provider's JWKS (same `kid`); then back to normal.
 *   POST /__test/groups {"account":"…","groups":[…]}: changes a person's groups (role changes at the IdP).
 *   POST /__test/tamper-next-state: the next redirect back to Beaconport carries a `state` one character off.
 * Started by e2e/serve.ts before the portal, which gets its issuer, client ID and secret in BEACONPORT_OIDC_*.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, decodeJwt, decodeProtectedHeader, SignJWT, type JWK } from "jose";
import Provider, { type Configuration } from "oidc-provider";

export const OIDC_CLIENT = { id: "beaconport-e2e", secret: "e2e-oidc-client-secret-planted-7f3k9q" } as const;

/** The people the provider knows: the account id is what the login form takes. */
export const OIDC_PEOPLE: Record<string, { email: string; name: string; groups: string[] }> = {
  "sso-admin": { email: "sso-admin@idp.test", name: "Sam SSO-Admin", groups: ["bp-admins", "staff"] },
  "sso-reviewer": { email: "sso-reviewer@idp.test", name: "Rita SSO-Reviewer", groups: ["bp-reviewers"] },
  "sso-nobody": { email: "sso-nobody@idp.test", name: "Nils No-Group", groups: ["staff"] },
  "sso-changing": { email: "sso-changing@idp.test", name: "Cleo Changing", groups: ["bp-reviewers"] },
  "sso-disabled": { email: "sso-disabled@idp.test", name: "Dora Disabled", groups: ["bp-admins"] },
  "sso-token": { email: "sso-token@idp.test", name: "Tom Token", groups: ["bp-admins"] },
};

/** The portal's single sign-on configuration for a test provider: "Sign in with Test IdP", groups bp-admins and bp-reviewers. */
export function oidcPortalEnv(idp: { issuer: string }): Record<string, string> {
  return {
    BEACONPORT_OIDC_ISSUER: idp.issuer,
    BEACONPORT_OIDC_CLIENT_ID: OIDC_CLIENT.id,
    BEACONPORT_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    BEACONPORT_OIDC_NAME: "Test IdP",
    BEACONPORT_OIDC_SCOPES: "openid email profile groups",
    BEACONPORT_OIDC_ADMIN_GROUPS: "bp-admins",
    BEACONPORT_OIDC_REVIEWER_GROUPS: "bp-reviewers, bp-auditors",
  };
}

export interface TestIdp {
  issuer: string;
  controlUrl: string;
  stop(): Promise<void>;
}

type IdTokenMode = "normal" | "expired" | "forged";

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return JSON.parse(body || "{}") as Record<string, unknown>;
}

export async function startTestIdp(options: { port?: number; redirectUris: string[] }): Promise<TestIdp> {
  const people = structuredClone(OIDC_PEOPLE);
  let nextMode: IdTokenMode = "normal";
  let tamperNextState = false;
  const kid = "e2e-signing-key";
  const real = await generateKeyPair("RS256", { extractable: true });
  // Same algorithm and kid, different key: only a signature check tells them apart.
  const forger = await generateKeyPair("RS256", { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(real.privateKey)), kid, alg: "RS256", use: "sig" };

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingJwk] },
    cookies: { keys: ["e2e-idp-cookie-key-0123456789abcdef"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    // Claims in the ID token itself (as Keycloak, Okta and Entra can be told to), not only at userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const person = people[id];
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, email: person.email, email_verified: true, name: person.name, groups: person.groups }) };
    },
    // First-party client: no consent screen; the grant covers the scopes Beaconport asks for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  // Why the provider refused a request, in the web server's log (e2e/serve.ts runs it): the portal only sees an error code.
  for (const event of ["grant.error", "authorization.error", "server_error"]) {
    provider.on(event, (_ctx: unknown, error: { message?: string; error_description?: string; error_detail?: string }) => console.error(`test IdP ${event}: ${error.message ?? ""} ${error.error_description ?? ""} ${error.error_detail ?? ""}`));
  }

  // The test control's ID-token switch, applied to the token endpoint's answer.
  provider.use(async (ctx, next) => {
    await next();
    const location = ctx.response.get("location");
    if (tamperNextState && location && options.redirectUris.some((uri) => location.startsWith(`${uri}?`))) {
      tamperNextState = false;
      const url = new URL(location);
      const state = url.searchParams.get("state") ?? "";
      url.searchParams.set("state", state.slice(0, 10) + (state[10] === "A" ? "B" : "A") + state.slice(11));
      ctx.set("location", url.href);
    }
    if (ctx.path !== "/token" || nextMode === "normal") return;
    const body = ctx.body as { id_token?: string } | undefined;
    if (!body?.id_token) return;
    const mode = nextMode;
    nextMode = "normal";
    const claims = decodeJwt(body.id_token);
    const header = decodeProtectedHeader(body.id_token);
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(mode === "expired" ? { ...claims, iat: now - 7200, exp: now - 3600 } : claims).setProtectedHeader({ alg: "RS256", kid: header.kid ?? kid, typ: header.typ });
    ctx.body = { ...body, id_token: await jwt.sign(mode === "expired" ? real.privateKey : forger.privateKey) };
  });

  const handleProvider = provider.callback();
  server.on("request", (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", issuer);
      if (url.pathname.startsWith("/__test/")) {
        if (!isLoopback(req.socket.remoteAddress) || req.method !== "POST") return void res.writeHead(403).end();
        const body = await readJson(req);
        if (url.pathname === "/__test/next-id-token" && (body.mode === "expired" || body.mode === "forged" || body.mode === "normal")) {
          nextMode = body.mode;
        } else if (url.pathname === "/__test/tamper-next-state") {
          tamperNextState = true;
        } else if (url.pathname === "/__test/groups" && typeof body.account === "string" && people[body.account] && Array.isArray(body.groups)) {
          people[body.account]!.groups = body.groups.map(String);
        } else {
          return void res.writeHead(400).end();
        }
        return void res.writeHead(204).end();
      }
      const interaction = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
      if (interaction) {
        const details = await provider.interactionDetails(req, res);
        if (req.method === "GET") {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          return void res.end(
            `<!doctype html><title>Test identity provider</title><h1>Test identity provider</h1>` +
              `<form method="post" action="/interaction/${escapeHtml(details.uid)}"><label>Account <input name="login" data-testid="idp-login" autofocus></label> <button type="submit" data-testid="idp-submit">Sign in</button></form>`,
          );
        }
        let form = "";
        for await (const chunk of req) form += chunk;
        const login = new URLSearchParams(form).get("login") ?? "";
        if (!people[login]) {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          return void res.end(`<!doctype html><p data-testid="idp-unknown">Unknown account.</p>`);
        }
        return void (await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false }));
      }
      handleProvider(req, res);
    })().catch((error: unknown) => {
      console.error("test IdP:", error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  return {
    issuer,
    controlUrl: `${issuer}/__test`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
