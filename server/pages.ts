import type { Server } from "node:http";
import type { Duplex } from "node:stream";

import type { Response } from "express";

/**
 * The French pages the HTTP layer answers with itself, before Remix is reached (or when Express
 * fails): plain, without a stack trace or any echo of the request, in the style of the 403 page.
 */

const PAGES: Record<number, { title: string; text: string }> = {
  400: { title: "Requête invalide", text: "Cette adresse ou cette requête est mal formée. Vérifiez le lien et réessayez." },
  403: {
    title: "Requête refusée",
    text: "Ce formulaire ne provient pas d'OpenENT Échanges. Rechargez la page et réessayez.",
  },
  404: { title: "Page introuvable", text: "Cette page n'existe pas ou plus." },
  413: {
    title: "Contenu trop volumineux",
    text: "Le formulaire envoyé dépasse la taille acceptée. Raccourcissez votre texte et réessayez.",
  },
  500: { title: "Erreur du serveur", text: "Une erreur inattendue s'est produite. Réessayez dans quelques instants." },
  503: {
    title: "Service momentanément indisponible",
    text:
      "La base de données ne répond pas pour le moment (maintenance ou redémarrage). Réessayez dans quelques instants. " +
      "Si vous envoyiez un formulaire, il n'a pas été enregistré : revenez à la page précédente pour le renvoyer.",
  },
};

/** Seconds a client is asked to wait before retrying a 503 (the database restarting). */
export const UNAVAILABLE_RETRY_AFTER = "5";

export function frenchPage(status: number, { text, home = "/" }: { text?: string; home?: string } = {}): string {
  const page = PAGES[status] ?? PAGES[status >= 500 ? 500 : 400]!;
  return (
    `<!doctype html><html lang="fr"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${page.title} · OpenENT Échanges</title>` +
    `<main><h1>${page.title}</h1><p>${text ?? page.text}</p>` +
    `<p><a href="${home}">Retour à l'accueil</a></p></main></html>`
  );
}

export function sendFrenchPage(res: Response, status: number, options?: { text?: string; home?: string }): void {
  res.status(status).type("html").setHeader("Cache-Control", "no-store");
  if (status === 503) res.setHeader("Retry-After", UNAVAILABLE_RETRY_AFTER);
  res.send(frenchPage(status, options));
}

/** Requests Node's HTTP parser refuses (a malformed request line or header) get the French 400 too. */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = frenchPage(400);
    socket.end(
      "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}
