/** Header the studio page sends its per-launch token in (shared with the page, so no Node imports here). */
export const TOKEN_HEADER = 'x-catalyst-token';
/** Query parameter carrying the token, accepted only where a header cannot be set (EventSource). */
export const TOKEN_QUERY = 'token';
