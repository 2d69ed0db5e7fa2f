import { frenchPage } from "../../server/pages";

/** The file routes are resource routes: their 404 is the HTTP layer's plain French page. */
export function fileNotFound(): Response {
  return new Response(frenchPage(404, { text: "Ce fichier est introuvable." }), {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
