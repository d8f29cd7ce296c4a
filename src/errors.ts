/**
 * The error type the library throws for bad input, for TypeScript users who
 * want `instanceof`:
 *
 *   import { WorkflowValidationError } from 'projen-docker-ci/lib/errors';
 *
 * It is not exported from the package root because jsii cannot represent a
 * class that extends `Error`; in Python (and any jsii language) the same
 * problems arrive as the exception's message, one per line.
 */
export { WorkflowValidationError } from './validation/workflow-validation-error';
