import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `dist/<entry>.node.js` for each entry: an ES module that re-exports
 * the CommonJS build by name. The `exports` maps send Node's `import` there,
 * so an app that both imports and requires a package (or depends on code that
 * does) gets one copy of each class: one `instanceof` identity and one
 * registration with tfjs serialization. Bundlers keep the ESM build.
 */
export function writeNodeEsmWrappers(packageDir: string, entries: readonly string[]): void {
  const require = createRequire(join(packageDir, 'package.json'));
  for (const entry of entries) {
    const cjs = `./dist/${entry}.cjs`;
    const names = Object.keys(require(cjs) as object).sort();
    const from = `./${entry.split('/').pop()}.cjs`;
    const body = names.length > 0 ? `export { ${names.join(', ')} } from '${from}';\n` : `import '${from}';\n`;
    writeFileSync(join(packageDir, 'dist', `${entry}.node.js`), `// Node's ESM entry: the CommonJS build by name (one class identity per process).\n${body}`);
  }
}
