import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** The three Standard Webhooks headers, as received. */
export interface SignedRequest {
  id: string;
  /** Seconds since the epoch, as sent (digits). */
  timestamp: string;
  /** One or more space-separated `v1,<base64>` signatures. */
  signature: string;
  body: Buffer;
}

/** Verifiers by secret, kept across warm invocations: building one decodes the key. */
const verifiers = new Map<string, Webhook>();

function verifierFor(secret: string): Webhook {
  let verifier = verifiers.get(secret);
  if (verifier === undefined) {
    verifier = new Webhook(secret);
    verifiers.set(secret, verifier);
  }
  return verifier;
}

/**
 * Whether any signature in the request was made with any of `secrets` (several during a rotation)
 * over `id.timestamp.body`, with the timestamp within 5 minutes of now either way. The
 * `standardwebhooks` library does the work (HMAC-SHA256, constant-time comparison, both time
 * bounds); its error says nothing a caller should see, so it becomes `false`.
 *
 * @example
 * verifySignature(['whsec_…'], { id, timestamp, signature, body }); // true or false
 */
export function verifySignature(secrets: readonly string[], request: SignedRequest): boolean {
  const headers = {
    'webhook-id': request.id,
    'webhook-timestamp': request.timestamp,
    'webhook-signature': request.signature,
  };
  for (const secret of secrets) {
    try {
      verifierFor(secret).verify(request.body, headers, { jsonParse: false });
      return true;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
    }
  }
  return false;
}
