// Re-declares broadinstitute/gatk .github/workflows/gatk-tests.yml at c3599a0f (2024-03-08): a probe
// for the Google Cloud credentials, the GATK image build, the Java test matrix on the runner, the
// same suites run with `docker run` in the image, WDL validation and the WDL wiring tests on Cromwell.
//
// Kept better: the build reads and writes the GitHub Actions layer cache (the original builds from
// scratch on every run) and pushes to GHCR, named after the repository and lowercased; each docker
// test job declares the image (`images:`) and pulls exactly that digest before its steps instead of
// downloading the whole image as a tar artifact; the credentials file path is read from the auth
// step's real id (the original reads `steps.auth`, a step that does not exist, so the path was always empty); secrets and
// event values reach scripts only through `env:`; actions are pinned to commit SHAs and current majors.
// Approximated: the repository's own composite actions (disk purge, Cromwell install, test-result
// upload with its pull request comment) are placeholder scripts or test-report artifacts; the LFS
// files come with the checkout; on a pull request from a fork, whose build cannot push, the docker
// test job is skipped (the original's artifact reached it there; the library has no hand-off that
// works without a push); the declared image is pulled before the job's own steps, so its disk purge
// runs after the pull.
import { Project } from 'projen';
import {
  DockerBuildJob, GhaCache, JobOutput, JobStrategy, Matrix, RunnerJob, Step, Workflow,
} from 'projen-docker-ci';

const project = new Project({ name: '05-gatk' });
const ci = new Workflow(project, 'gatk-tests', {
  name: 'Build and Test GATK 4',
  triggers: { push: { branches: ['master'] }, pullRequest: {}, workflowDispatch: {} },
  env: {
    CROMWELL_VERSION: '84',
    TERM: 'dumb',
    GRADLE_OPTS: '-Xmx2048m -Dorg.gradle.daemon=false',
    HELLBENDER_TEST_INPUTS: 'gs://hellbender/test/resources/',
    HELLBENDER_TEST_STAGING: 'gs://hellbender-test-logs/staging/',
    HELLBENDER_TEST_LOGS: '/hellbender-test-logs/build_reports/',
    HELLBENDER_TEST_PROJECT: 'broad-dsde-dev',
    TEST_VERBOSITY: 'minimal',
  },
});

const PURGE_DISK: Step = { name: 'Free disk space', run: './ci/free-disk-space.sh' };
const setupJava = (version: string): Step => ({
  name: `Set up java ${version}`,
  uses: 'actions/setup-java@b6effb05e454b25005698d916606bdc6ffcbf961 # v5.7.0',
  with: { 'java-version': version, 'distribution': 'temurin', 'cache': 'gradle' },
});
const INSTALL_CROMWELL: Step = { name: 'Install Cromwell', run: './ci/install-cromwell.sh "$CROMWELL_VERSION"' };

// Pull requests from forks get no secrets: the cloud tests and the upload to Google Cloud are skipped there.
const checkSecrets = new RunnerJob(ci, 'check-secrets', {
  name: 'check if the environment has privileges',
  checkout: { enabled: false },
  outputs: { 'google-credentials': JobOutput.fromStep('google-credentials', 'defined') },
  steps: [{
    id: 'google-credentials',
    env: { GCP_CREDENTIALS: '${{ secrets.GCP_CREDENTIALS }}' },
    if: "env.GCP_CREDENTIALS != ''",
    run: 'echo defined=true >> "$GITHUB_OUTPUT"',
  }],
});
const privileged = `${checkSecrets.output('google-credentials').expression} == 'true'`;

/** Google Cloud credentials for the tests, on privileged runs only. */
const GCLOUD: Step[] = [
  {
    id: 'gcloud-auth',
    if: privileged,
    uses: 'google-github-actions/auth@7c6bc770dae815cd3e89ee6cdf493a5fab2cc093 # v3.0.0',
    with: {
      credentials_json: '${{ secrets.GCP_CREDENTIALS }}',
      project_id: '${{ env.HELLBENDER_TEST_PROJECT }}',
      create_credentials_file: 'true',
    },
  },
  {
    name: 'export the credentials for GATK tests',
    if: privileged,
    env: { CREDENTIALS_FILE: '${{ steps.gcloud-auth.outputs.credentials_file_path }}' },
    run: 'echo "HELLBENDER_JSON_SERVICE_ACCOUNT_KEY=$CREDENTIALS_FILE" >> "$GITHUB_ENV"',
  },
  { name: 'Set up Cloud SDK', if: privileged, uses: 'google-github-actions/setup-gcloud@aa5489c8933f4cc7a4f7d45035b3b1440c9c10db # v3.0.1' },
];

const image = new DockerBuildJob(ci, 'buildDocker', {
  name: 'build and push gatk docker to artifacts',
  image: DockerBuildJob.REPOSITORY_IMAGE,
  cache: GhaCache.max(),
  preBuildSteps: [PURGE_DISK],
});

/** The Java suites, once per test type; an experimental entry may fail without failing the run. */
const javaMatrix = (testTypes: string[]): JobStrategy => ({
  domain: { java: ['17.0.6+10'], experimental: [false], scalaVersion: ['2.13'], testType: testTypes },
  failFast: false,
});
const javaJob = {
  continueOnErrorWhen: Matrix.value('experimental'),
  env: { TEST_TYPE: Matrix.value('testType'), SCALA_VERSION: Matrix.value('scalaVersion') },
  checkout: { fetchDepth: 0, lfs: true },
};

new RunnerJob(ci, 'test', {
  ...javaJob,
  name: `Java ${Matrix.value('java')} build and test ${Matrix.value('testType')}`,
  needs: [checkSecrets],
  strategy: javaMatrix(['cloud', 'integration', 'unit']),
  steps: [
    PURGE_DISK,
    setupJava(Matrix.value('java')),
    { name: 'Compile with Gradle', run: './gradlew compileJava installDist' },
    ...GCLOUD,
    { name: 'compile test code', run: './gradlew compileTestJava' },
    {
      name: 'run-tests',
      id: 'jacoco-tests',
      if: `${privileged} || matrix.testType != 'cloud'`,
      run: './gradlew jacocoTestReport -Dscala.version="$SCALA_VERSION"',
    },
  ],
  reports: [{ name: `test-results-java-${Matrix.value('testType')}`, path: 'build/reports/' }],
});

new RunnerJob(ci, 'testOnDocker', {
  ...javaJob,
  name: `Java ${Matrix.value('java')} test on docker ${Matrix.value('testType')}`,
  needs: [image, checkSecrets],
  strategy: javaMatrix(['integration', 'unit', 'variantcalling', 'conda']),
  images: [image.onRunner({ env: 'GATK_IMAGE', localTag: 'gatk-under-test' })],
  steps: [
    PURGE_DISK,
    setupJava(Matrix.value('java')),
    ...GCLOUD,
    { name: 'build test jars', run: './gradlew clean shadowTestClassJar shadowTestJar' },
    { name: 'set up test folders and links', run: './ci/docker-test-layout.sh testJars build/reports' },
    { name: 'run-docker-tests', id: 'docker-jacocco-tests', run: './ci/docker-tests.sh gatk-under-test "$TEST_TYPE" "$SCALA_VERSION"' },
  ],
  reports: [{ name: `test-results-docker-${Matrix.value('testType')}`, path: 'build/reports/' }],
});

new RunnerJob(ci, 'scriptsWdlValidation', {
  name: 'Validate script WDLs using womtools',
  checkout: { fetchDepth: 0 },
  steps: [PURGE_DISK, setupJava('17'), INSTALL_CROMWELL, { name: 'Run Scripts WDL Validation Test', run: './gradlew gatkValidateScriptsWdl' }],
});

new RunnerJob(ci, 'generatedWdlValidation', {
  name: 'Validate generated WDLs using womtools',
  checkout: { fetchDepth: 0 },
  steps: [PURGE_DISK, setupJava('17'), INSTALL_CROMWELL, { name: 'Run Generated WDL Validation Test', run: './gradlew gatkValidateGeneratedWdl' }],
});

// Each WDL test is one matrix entry; every entry may fail without failing the run, as in the original.
const WDL_TESTS: { [entry: string]: string } = {
  RUN_CNV_GERMLINE_COHORT_WDL: 'cnv-germline cohort',
  RUN_CNV_GERMLINE_CASE_WDL: 'cnv-germline case',
  RUN_CNV_SOMATIC_WDL: 'cnv-somatic',
  RUN_M2_WDL: 'm2',
  RUN_CNN_WDL: 'cnn-variant',
  RUN_VCF_SITE_LEVEL_FILTERING_WDL: 'vcf-site-level-filtering',
};
new RunnerJob(ci, 'wdlTests', {
  name: `WDL test ${Matrix.value('wdlTest')} on cromwell`,
  continueOnError: true,
  strategy: { domain: { wdlTest: Object.keys(WDL_TESTS) } },
  checkout: { fetchDepth: 0, lfs: true },
  steps: [
    PURGE_DISK,
    setupJava('17'),
    INSTALL_CROMWELL,
    {
      name: 'Exporting Environment Variables for Wdl Scripts',
      env: { PULL_REQUEST: '${{ github.event.number }}' },
      run: 'if [ -n "$PULL_REQUEST" ]; then echo "CI_PULL_REQUEST=$PULL_REQUEST" >> "$GITHUB_ENV"; fi\necho "CI_COMMIT=$GITHUB_SHA" >> "$GITHUB_ENV"',
    },
    ...Object.entries(WDL_TESTS).map(([entry, suite]): Step => ({
      name: entry.replace(/^RUN_/, '').concat('_TEST'),
      if: `matrix.wdlTest == '${entry}'`,
      run: `./ci/run-wdl-test.sh ${suite}`,
    })),
  ],
});

project.synth();
