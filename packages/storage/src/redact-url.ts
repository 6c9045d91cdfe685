const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;
const SECRET_PARAM = /([?&][^=&#]*(?:pass|secret|token|key|auth|credential|signature)[^=&#]*=)[^&#]*/gi;
const MAX_LENGTH = 200;

/**
 * The URL as it can be shown in an error or a log: any password in the user-info part and the value
 * of any query parameter that looks secret become `***`; the rest stays as the user wrote it.
 */
export function redactUrl(url: string): string {
  let text = url.trim().replace(USERINFO, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon === -1 ? userinfo : `${userinfo.slice(0, colon)}:***`}@`;
  });
  text = text.replace(SECRET_PARAM, '$1***');
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}
