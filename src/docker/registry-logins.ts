/**
 * The registry logins of a build job: one per registry host, on runs that
 * push. Registries with a password log in with docker/login-action alone;
 * OIDC registries (ECR, Artifact Registry) first exchange the job's OIDC
 * token for short-lived credentials that only the login step sees.
 */
import { loginStep } from './build-steps';
import type { RegistryLogin } from './image-mirror';
import type { ActionResolver } from '../actions/action-table';
import { CAN_PUSH } from '../expressions/expressions';
import type { Registry } from '../registry/registry';
import type { StepModel } from '../workflow/workflow-model';

/** The ids of the steps that get AWS credentials for an ECR login: `aws_credentials`, `aws_credentials_2`... */
export const AWS_CREDENTIALS_STEP_ID = 'aws_credentials';

/** The ids of the steps that get a Google access token for an Artifact Registry login: `google_auth`, `google_auth_2`... */
export const GOOGLE_AUTH_STEP_ID = 'google_auth';

/**
 * The logins to `registries` (one per host), on runs that push. An OIDC
 * registry first exchanges the job's OIDC token for credentials: ECR, of
 * its role, which reach only the login step (as the AWS SDK's environment
 * variables, from which docker/login-action logs in to an ECR host);
 * Artifact Registry, a service account's access token (the password of
 * `oauth2accesstoken`). Neither reaches the build or the user's steps.
 */
export function loginSteps(actions: ActionResolver, logins: readonly RegistryLogin[], pushWhen: string = CAN_PUSH): StepModel[] {
  let aws = 0;
  let gcp = 0;
  return logins.flatMap(({ registry, when }) => loginStepsOf(actions, registry, when === undefined ? pushWhen : pushesAnd(when, pushWhen), () => {
    if (registry._gcpLogin !== undefined) {
      gcp++;
      return gcp === 1 ? GOOGLE_AUTH_STEP_ID : `${GOOGLE_AUTH_STEP_ID}_${gcp}`;
    }
    aws++;
    return aws === 1 ? AWS_CREDENTIALS_STEP_ID : `${AWS_CREDENTIALS_STEP_ID}_${aws}`;
  }));
}

/** `(<pushWhen>) && (<when>)`: a login only some push runs need (`pushWhen`: the push policy's condition). */
export function pushesAnd(when: string, pushWhen: string = CAN_PUSH): string {
  return `(${pushWhen}) && (${when})`;
}

/** True for a step only runs that push run (a login, gated like the push, `pushWhen`): none of a fork's fallback. */
export function onlyWhenPushing(condition: string | undefined, pushWhen: string = CAN_PUSH): boolean {
  return condition === pushWhen || (condition?.startsWith(`(${pushWhen}) && (`) ?? false);
}

/** The steps that log in to `registry` under `condition`; `nextId` names a credentials step. */
function loginStepsOf(actions: ActionResolver, registry: Registry, condition: string, nextId: () => string): StepModel[] {
  const google = registry._gcpLogin;
  if (google !== undefined) {
    const id = nextId();
    return [{
      name: `Google access token for ${registry.host}`,
      id,
      if: condition,
      ...actions.ref('googleAuth'),
      // No credentials file: it would be written into the workspace, the build context.
      with: {
        workload_identity_provider: google.workloadIdentityProvider,
        service_account: google.serviceAccount,
        token_format: 'access_token',
        create_credentials_file: 'false',
        export_environment_variables: 'false',
      },
    }, {
      name: `Log in to ${registry.host}`,
      if: condition,
      ...actions.ref('login'),
      with: { registry: registry.host, username: 'oauth2accesstoken', password: `\${{ steps.${id}.outputs.access_token }}` },
    }];
  }
  const role = registry._awsLogin;
  if (role === undefined) {
    return [{ ...loginStep(actions, registry), if: condition }];
  }
  const id = nextId();
  const output = (name: string) => `\${{ steps.${id}.outputs.${name} }}`;
  return [{
    name: `AWS credentials for ${registry.host}`,
    id,
    if: condition,
    ...actions.ref('configureAwsCredentials'),
    with: { 'role-to-assume': role.roleToAssume, 'aws-region': role.region, 'output-credentials': 'true', 'output-env-credentials': 'false' },
  }, {
    name: `Log in to ${registry.host}`,
    if: condition,
    ...actions.ref('login'),
    with: { registry: registry.host },
    env: {
      AWS_ACCESS_KEY_ID: output('aws-access-key-id'),
      AWS_SECRET_ACCESS_KEY: output('aws-secret-access-key'),
      AWS_SESSION_TOKEN: output('aws-session-token'),
    },
  }];
}
