import { resolve } from "node:path";

import { precompressDirectory } from "../precompressed";

/** `npm run build`'s last step: brotli and gzip variants of the built assets (server/precompressed.ts). */
const dir = resolve(process.argv[2] ?? "public/build");
console.log(`[openent] ${precompressDirectory(dir)} fichiers précompressés dans ${dir}`);
