# The seed pipeline (examples/seed) in a projen Python project: `npx projen` runs this file
# with the project's virtual environment, and writes .github/workflows/ci.yml.
# The README ("Use it from Python") says how to install projen-docker-ci first.
from projen.python import ProjenrcOptions, PythonProject
from projen_docker_ci import (
    ContainerTestJob,
    DockerBuildJob,
    GhaCache,
    PullRequestTrigger,
    PushTrigger,
    Step,
    Workflow,
    WorkflowTriggers,
)

project = PythonProject(
    name="cache-docker",
    module_name="cache_docker",
    author_name="projen-docker-ci maintainers",
    author_email="maintainers@example.com",
    version="0.1.0",
    dev_deps=["projen-docker-ci@<1.0.0"],
    # The projen versions projen-docker-ci supports, instead of the one running now.
    projenrc_python_options=ProjenrcOptions(projen_version=">=0.98.0 <1.0.0"),
    # Only the library's workflow: no sample code, no projen-generated GitHub workflows.
    sample=False,
    pytest=False,
    github=False,
)

ci = Workflow(
    project,
    "ci",
    name="Continuous Integration new cache",
    triggers=WorkflowTriggers(
        push=PushTrigger(branches=["main"]),
        pull_request=PullRequestTrigger(branches=["main"]),
    ),
)
image = DockerBuildJob(
    ci,
    "build_docker",
    image="ghcr.io/mmeendez8/cache_docker/ci_dlc",
    context=".",
    file="Dockerfile",
    cache=GhaCache.max(),
)
ContainerTestJob(
    ci,
    "lint_and_test",
    image=image,
    steps=[
        Step(name="Lint code", run="pre-commit install\npre-commit run"),
        Step(name="Run tests", run="pytest tests"),
    ],
)

project.synth()
