import { cdk, javascript } from 'projen';
import { hardenReleaseWorkflow } from './projenrc/release-workflow';

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

  // The Python package (a `.projenrc.py` imports `projen_docker_ci`); test/python/ builds the
  // wheel and synthesizes the examples with it.
  publishToPypi: { distName: 'projen-docker-ci', module: 'projen_docker_ci', trustedPublishing: true, attestations: true },

  // CI for this repository is `.ci/run`. projen's GitHub machinery is used for releasing only:
  // .github/workflows/release.yml (see projenrc/release-workflow.ts), nothing else.
  github: true,
  buildWorkflow: false,
  pullRequestTemplate: false,
  githubOptions: { pullRequestLint: false },
  depsUpgradeOptions: { workflow: false },

  // Releases: every push to main that changed something gets the next version (from the
  // conventional-commit types since the last tag), a GitHub release with the changelog, and the
  // same build published to npm and PyPI through trusted publishing (OIDC, no tokens), with
  // npm provenance and PyPI attestations.
  release: true,
  npmTrustedPublishing: true,
  npmProvenance: true,
  // npm's trusted publishing needs npm >= 11.5.1: Node 24 brings npm 11 (minNodeVersion's 20.0.0
  // would bring npm 9).
  workflowNodeVersion: '24.x',
  // The publishing CLI runs with an id-token: an exact version instead of projen's `latest`.
  jsiiReleaseVersion: '0.2.1061',

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

hardenReleaseWorkflow(project);

// Source maps in separate lib/**/*.js.map files (sources embedded) instead of jsii's default
// inline maps: the inline ones are 70% of lib's bytes (971 kB vs 275 kB) and every `require`
// reads and scans them; measured in docs/performance.md (import after projen ~17 -> ~13 ms).
project.package.file.addOverride('jsii.tsc.sourceMap', true);
project.package.file.addOverride('jsii.tsc.inlineSourceMap', false);
project.package.file.addOverride('jsii.tsc.inlineSources', true);
project.npmignore?.include('/lib/**/*.js.map');

// A clean `npm ci` / `npx projen test` prints no warnings:
// - npm 11 lists dependencies whose install scripts it skipped. @parcel/watcher (jest's file
//   watcher) is the only one; its install script builds from source only when
//   npm_config_build_from_source=true, otherwise its prebuilt binary is used, so it is denied
//   explicitly (what `npm install-scripts deny @parcel/watcher` writes; older npm ignores it).
project.package.addField('allowScripts', { '@parcel/watcher': false });
// - projen 0.98 configures ESLint 9 through .eslintrc.json (ESLINT_USE_FLAT_CONFIG=false), and
//   ESLint warns on every run that eslintrc goes away in ESLint 10; eslint is held at ^9, so the
//   warning is turned off for the eslint task, on Node versions that know --disable-warning
//   (20.11+), keeping any NODE_OPTIONS already set.
project.eslint?.eslintTask.env('NODE_OPTIONS',
  '$(node -p "[process.env.NODE_OPTIONS, process.allowedNodeEnvironmentFlags.has(\'--disable-warning\') && \'--disable-warning=ESLintRCWarning\'].filter(Boolean).join(\' \')")');

// Layers (README "How it is built"): no import cycles; the workflow layer (GitHub's concepts:
// workflows, jobs, steps, expressions, rendering) never imports the Docker layer built on it; and
// src/expressions imports neither jobs nor workflows. (src/jobs imports src/workflow for types only.)
project.eslint?.addRules({
  'import/no-cycle': ['error', { ignoreExternal: true }],
  'import/no-restricted-paths': ['error', {
    zones: [
      ...['workflow', 'jobs', 'expressions', 'render', 'validation', 'actions'].map((layer) => ({
        target: `./src/${layer}`,
        from: ['./src/docker', './src/cache', './src/registry'],
        message: 'The workflow layer knows GitHub, not Docker: build the Docker side on the public job model instead.',
      })),
      // Expressions are GitHub's language alone: the jobs and workflows use them, never the reverse.
      { target: './src/expressions', from: ['./src/jobs', './src/workflow'], message: 'src/expressions reads expressions only.' },
    ],
  }],
});

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
