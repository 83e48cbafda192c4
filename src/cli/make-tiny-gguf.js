// npm run make:tiny-gguf [path]: writes the tests' tiny llama-architecture model (tiny-gguf.js).
import { writeFileSync } from 'node:fs';
import { tinyGguf } from './tiny-gguf.js';

const path = process.argv[2] ?? 'tiny.gguf';
const bytes = tinyGguf();
writeFileSync(path, bytes);
console.log(`${path}: ${bytes.length} bytes`);
