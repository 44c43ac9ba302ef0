/** The flags of `celery-cloud decode`: its parser and its `--help`. */
import { flag } from './table.js';

export const TRANSPORTS = ['sqs', 'azure-queue', 'pubsub'] as const;
export type DecodeTransport = (typeof TRANSPORTS)[number];

export const DECODE_FLAGS = [
  flag(
    'transport',
    'transport',
    {
      arg: '<name>',
      read: (value): DecodeTransport => {
        if (!TRANSPORTS.includes(value as DecodeTransport))
          throw new Error(`--transport must be one of ${TRANSPORTS.join(', ')} (see --help)`);
        return value as DecodeTransport;
      },
    },
    'sqs (a Lambda record body), azure-queue (the queue message text) or pubsub',
  ),
] as const;
