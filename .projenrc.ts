import { cdk, javascript } from 'projen';

const project = new cdk.JsiiProject({
  name: 'projen-docker-ci',
  description: 'Typed projen constructs that synthesize GitHub Actions workflows which build a Docker image with buildx and the GitHub Actions cache, push it to GHCR, and run lint and tests inside it.',
  author: 'projen-docker-ci maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/projen-docker-ci/projen-docker-ci.git',
  keywords: ['projen', 'github-actions', 'docker', 'buildx', 'ghcr', 'cache', 'jsii'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',

  // CI for this repository is `.ci/run`; no generated GitHub workflows of projen's own.
  github: false,
  release: false,
  buildWorkflow: false,

  peerDeps: ['projen@>=0.98.0 <1.0.0', 'constructs@^10.2.70'],
  // No runtime dependencies: src/render/yaml-emitter.ts writes the YAML itself (see its header
  // for why); the `yaml` package is the independent reader the tests parse our output with.
  // TypeScript 6 no longer loads every @types package by default.
  // Examples import the package by name; in this repository the name means the sources.
  tsconfigDev: {
    compilerOptions: { types: ['jest', 'node'], paths: { 'projen-docker-ci': ['./src/index.ts'] } },
    include: ['examples/**/*.ts', 'scripts/**/*.ts'],
  },
  jestOptions: {
    // CI must fail on a missing or changed snapshot, never rewrite it.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      // Installs the judge's native tools (zizmor, actionlint) once before any test: scripts/judge-tools.ts.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      // GitHub's workflow parser and expression engine are ESM-only and import JSON without
      // an import attribute; test/support/esm-to-cjs-transform.js turns them into CommonJS.
      transform: {
        '^.+/node_modules/@actions/.+\\.js$': new javascript.Transform('<rootDir>/test/support/esm-to-cjs-transform.js'),
      },
      transformIgnorePatterns: ['/node_modules/(?!@actions/)'],
      moduleNameMapper: {
        '^@actions/(workflow-parser|expressions)$': '<rootDir>/node_modules/@actions/$1/dist/index.js',
        '^@actions/(workflow-parser|expressions)/(.+)$': '<rootDir>/node_modules/@actions/$1/dist/$2.js',
        '^projen-docker-ci$': '<rootDir>/src/index.ts',
      },
    },
  },
  devDeps: [
    '@actions/workflow-parser@^0.3.61',
    '@actions/expressions@^0.3.61',
    // actionlint and zizmor are native tools, pinned and installed by scripts/judge-tools.ts.
    'fast-check@^4.10.0',
    'yaml@^2.8.0',
  ],
});

// Source maps in separate lib/**/*.js.map files (sources embedded) instead of jsii's default
// inline maps: the inline ones are 70% of lib's bytes (971 kB vs 275 kB) and every `require`
// reads and scans them; measured in docs/performance.md (import after projen ~17 -> ~13 ms).
project.package.file.addOverride('jsii.tsc.sourceMap', true);
project.package.file.addOverride('jsii.tsc.inlineSourceMap', false);
project.package.file.addOverride('jsii.tsc.inlineSources', true);
project.npmignore?.include('/lib/**/*.js.map');

project.addTask('example', {
  description: 'Synthesize an example project (default examples/seed) against the sources and show where it wrote',
  exec: 'ts-node --project tsconfig.dev.json scripts/run-example.ts',
  receiveArgs: true,
});

project.addTask('validate', {
  description: 'Judge workflow files with GitHub\'s workflow parser, actionlint and zizmor (default: examples/ and .github/workflows/; or the files/directories given; --config <actionlint.yaml>)',
  exec: 'ts-node --project tsconfig.dev.json scripts/validate.ts',
  receiveArgs: true,
});

project.addTask('bench', {
  description: 'Benchmark synthesis against projen\'s GithubWorkflow and yaml.stringify, 10 to 5,000 jobs; import and examples/seed synth time (docs/performance.md)',
  exec: 'ts-node --project tsconfig.dev.json scripts/bench.ts',
  receiveArgs: true,
});

// Examples are separate projen projects: keep their generated files out of this package.
project.npmignore?.exclude('/examples/', '/scripts/');

project.synth();
