import { originConfig } from "../../server/origin";

/**
 * The public origin for absolute links (e-mail, later Atom and canonical links): APP_ORIGIN, or the
 * embedded default http://localhost:$PORT. Never the request's Host or X-Forwarded-Host, which a
 * client chooses. The server checks the same setting at start-up, so this cannot throw there.
 */
export function publicOrigin(): string {
  return originConfig(process.env).origin;
}
