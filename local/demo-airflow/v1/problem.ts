/** Airflow 2's error body: RFC 7807 problem details, sent as `application/problem+json`. */
import type { DemoApiError } from '../errors';
import type { DemoResponse } from '../http/types';
import { V1_AIRFLOW_VERSION } from './serializers';

const KINDS: Record<number, { title: string; section: string }> = {
  400: { title: 'Bad Request', section: 'BadRequest' },
  401: { title: 'Unauthorized', section: 'Unauthenticated' },
  403: { title: 'Forbidden', section: 'PermissionDenied' },
  404: { title: 'Not Found', section: 'NotFound' },
  405: { title: 'Method Not Allowed', section: 'MethodNotAllowed' },
  409: { title: 'Conflict', section: 'AlreadyExists' },
};

export function v1Problem(status: number, detail: string): DemoResponse {
  const kind = KINDS[status] ?? { title: 'Internal Server Error', section: 'Unknown' };
  return {
    status,
    contentType: 'application/problem+json',
    json: {
      type: `https://airflow.apache.org/docs/apache-airflow/${V1_AIRFLOW_VERSION}/stable-rest-api-ref.html#section/Errors/${kind.section}`,
      title: kind.title,
      status,
      detail,
    },
  };
}

export function v1ErrorResponse(error: DemoApiError): DemoResponse {
  const response = v1Problem(error.status, error.detail);
  return error.status === 401 ? { ...response, headers: { 'www-authenticate': 'Basic' } } : response;
}
