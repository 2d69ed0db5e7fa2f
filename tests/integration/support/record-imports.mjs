// `node --import ./record-imports.mjs …`: appends to the file named by IMPORT_LOG every module URL
// the process resolves under @electric-sql/pglite (tests/integration/lazy-pglite.test.ts).
import { register } from "node:module";

register("./record-imports-hooks.mjs", import.meta.url);
