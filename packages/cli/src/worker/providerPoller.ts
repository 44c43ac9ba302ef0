import type {
  MessageOutcome,
  PollLoop,
  RunnerLogger,
  TaskEventListener,
  TaskRegistry,
} from '@celery-cloud/core';
import type { WorkerOptions } from '../dev/options.js';

/** What every provider's worker gets: its options, environment, tasks and reporting hooks. */
export interface ProviderPollerInput {
  options: WorkerOptions;
  /** The handler environment: the process environment with the flags applied. */
  env: Record<string, string | undefined>;
  tasks: TaskRegistry;
  logger: RunnerLogger;
  onSettled: (outcome: MessageOutcome) => void;
  /** The live view's listener, when `--ui` serves one. */
  onTaskEvent?: TaskEventListener;
}

/** A started provider poller: the loop, what it polls (for the log line) and how to free its clients. */
export interface ProviderPoller {
  loop: PollLoop;
  polling: string;
  close(): void;
}
