import { DeployError } from '../deploy-error.js';
import type { DeployContext } from '../deployer.js';

const RENDER_API = 'https://api.render.com';

/**
 * Sets env var values on a Render service through the REST API (`PUT
 * /v1/services/{id}/env-vars/{key}`). Values travel only in the HTTPS request body.
 * `CATALYST_RENDER_API_URL` points it elsewhere (tests run a local stand-in).
 */
export async function setRenderEnvVars(
  ctx: DeployContext,
  serviceId: string,
  values: Readonly<Record<string, string>>,
): Promise<void> {
  const names = Object.keys(values).sort();
  if (names.length === 0) return;
  const key = ctx.env.RENDER_API_KEY;
  if (key === undefined || key === '') {
    throw new DeployError(
      `Render needs an API key to set secrets (${names.join(', ')}): create one in the Render dashboard (Account Settings → API Keys) and set RENDER_API_KEY`,
    );
  }
  const base = ctx.env.CATALYST_RENDER_API_URL ?? RENDER_API;
  for (const name of names) {
    ctx.log(`Setting secret ${name} on Render service ${serviceId}`);
    const url = `${base}/v1/services/${encodeURIComponent(serviceId)}/env-vars/${encodeURIComponent(name)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ value: values[name] }),
      });
    } catch (err) {
      throw new DeployError(
        `Could not reach the Render API to set secret ${name}: ${(err as Error).message}`,
      );
    }
    if (!response.ok) {
      const body = ctx.scrub(await response.text());
      throw new DeployError(`Render API refused secret ${name}: HTTP ${response.status}`, body);
    }
  }
}

/**
 * The service's public URL from the REST API (`GET /v1/services/{id}` → `serviceDetails.url`),
 * so the monitor can check it. Without an API key, or when the API does not answer, the deploy
 * still succeeds and the log says why the target has no URL.
 */
export async function renderServiceUrl(ctx: DeployContext, serviceId: string): Promise<string | undefined> {
  const key = ctx.env.RENDER_API_KEY;
  const missing = (why: string) => {
    ctx.log(
      `No service URL recorded for ${serviceId}: ${why}; the monitor checks the target once it has one`,
    );
    return undefined;
  };
  if (key === undefined || key === '')
    return missing('set RENDER_API_KEY so Catalyst can ask the Render API');
  const base = ctx.env.CATALYST_RENDER_API_URL ?? RENDER_API;
  try {
    const response = await fetch(`${base}/v1/services/${encodeURIComponent(serviceId)}`, {
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
    });
    if (!response.ok) return missing(`the Render API answered HTTP ${response.status}`);
    const body = (await response.json()) as { serviceDetails?: { url?: unknown } };
    const url = body.serviceDetails?.url;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return missing('the Render API named none');
    return url;
  } catch (err) {
    return missing(`could not reach the Render API (${ctx.scrub((err as Error).message)})`);
  }
}
