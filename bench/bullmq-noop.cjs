// BullMQ's sandboxed processor for bench/executor.ts (run in a worker thread: `useWorkerThreads`).
// Its first line stamps when the handler started, in ms since the epoch with sub-ms precision.
module.exports = async () => performance.timeOrigin + performance.now();
