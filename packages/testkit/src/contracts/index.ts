/** Contract suites: one per port, run against every implementation. */
export { describeResultStoreContract, sampleMeta } from './resultStoreContract.js';
export type { ResultStoreContractOptions, ResultStoreUnderTest } from './resultStoreContract.js';
export { describeHandlerPluginContract } from './handlerPluginContract.js';
export type { HandlerPluginContract } from './handlerPluginContract.js';
export { describePublisherContract } from './publisherContract.js';
export type { PublisherContract } from './publisherContract.js';
export { describeExecutorContract } from './executorContract.js';
export type { ContractFunctions, ExecutorContract, HostedFunctions } from './executorContract.js';
export { describeTriggerContract } from './triggerContract.js';
export type { ContractDelivery, ContractRunner, TriggerContract } from './triggerContract.js';
export { describePollSourceContract } from './pollSourceContract.js';
export type { PollSourceContract, PollSourceUnderTest, QueueUnderTest } from './pollSourceContract.js';
