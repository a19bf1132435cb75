import { z } from 'zod';
import { ACTION_PAYLOAD_VERSION, actionPayloadSchema } from '../../src/webhook-actions/action-payload';

/** Where the published schema lives in the repository. */
export const ACTION_JSON_SCHEMA_PATH = `schemas/webhook-action.v${ACTION_PAYLOAD_VERSION}.schema.json`;

/**
 * The JSON Schema of `POST /actions/{source}` bodies, generated from the zod schema the endpoint
 * validates with, so the two cannot drift apart (a test compares it with the committed file).
 * Defaults are not required (it describes what a sender may send).
 */
export function actionJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(actionPayloadSchema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: `urn:airflow-slack-ops:webhook-action:v${ACTION_PAYLOAD_VERSION}`,
    title: `airflow-slack-ops webhook action, version ${ACTION_PAYLOAD_VERSION}`,
    description:
      'The JSON body of POST /actions/{source}, signed with Standard Webhooks. lookup reads; note, mark and clear preview ' +
      'unless "confirm" is true. dag_id and task_id may not contain "..".',
    ...rest,
  };
}

/** The schema as committed: two-space JSON and a final newline. */
export function actionJsonSchemaText(): string {
  return `${JSON.stringify(actionJsonSchema(), null, 2)}\n`;
}
