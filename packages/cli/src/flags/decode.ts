/** The flags of `celery-cloud decode`: its parser and its `--help`. */
import type { Flag } from './table.js';

export const TRANSPORTS = ['sqs', 'azure-queue', 'pubsub'] as const;
export type DecodeTransport = (typeof TRANSPORTS)[number];

export const DECODE_FLAGS = [
  {
    name: 'transport',
    key: 'transport',
    arg: '<name>',
    meaning: 'sqs (a Lambda record body), azure-queue (the queue message text) or pubsub',
    read: (value: string | undefined): DecodeTransport => {
      if (!TRANSPORTS.includes(value as DecodeTransport))
        throw new Error(`--transport must be one of ${TRANSPORTS.join(', ')} (see --help)`);
      return value as DecodeTransport;
    },
  },
] as const satisfies readonly Flag[];
