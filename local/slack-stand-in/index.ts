export { startSlackStandIn, type SlackStandIn, type SlackStandInOptions } from './slack-stand-in';
export type { ResponseUrlBinding } from './response-urls';
export { SLACK_RATE_LIMITS, type RateLimits } from './slack-rules';
export type { SlackView, StandInEvent, StandInMessage, StandInView } from './types';
