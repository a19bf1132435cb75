export { startSlackStandIn, type SlackStandIn, type SlackStandInOptions } from './slack-stand-in';
export type { ResponseUrlBinding } from './response-urls';
export type { SlackView, StandInEvent, StandInMessage, StandInView } from './types';
