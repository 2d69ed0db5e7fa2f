/** The public origin for links in e-mails: APP_ORIGIN when set (behind a proxy), else the request's. */
export function publicOrigin(request: Request): string {
  return process.env.APP_ORIGIN?.replace(/\/+$/, "") || new URL(request.url).origin;
}
