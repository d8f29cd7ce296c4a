/**
 * Jest transform for the ESM-only `@actions/*` packages (GitHub's workflow
 * parser and expression engine).
 *
 * Those packages ship `"type": "module"` code that imports JSON without an
 * import attribute (`import schema from "./workflow-v1.0.min.json"`), which
 * Node 20 refuses as ESM. Jest runs CommonJS, so we transpile them to CommonJS
 * here, where `require()` of a JSON file is native. This is the ONE place the
 * project solves that problem; `moduleNameMapper` in `.projenrc.ts` points the
 * bare specifiers (whose `exports` only declare an `import` condition) at
 * their `dist/` files.
 */
const ts = require('typescript');

module.exports = {
  process(sourceText, sourcePath) {
    const { outputText } = ts.transpileModule(sourceText, {
      fileName: sourcePath,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
        sourceMap: false,
      },
    });
    return { code: outputText };
  },
};
