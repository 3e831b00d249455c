import { takeToken, withoutToken } from '../session.js';
import { createClient } from './client.js';

/** The page's one session: the token from the printed URL, then the typed client that sends it. */
const session = takeToken({ search: window.location.search, storage: window.sessionStorage });
if (session.fromUrl) window.history.replaceState(null, '', withoutToken(window.location.href));

export const studioToken = session.token;
export const api = createClient(`${window.location.origin}/api`, () => studioToken);
