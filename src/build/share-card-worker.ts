/** A worker thread of the share-card step: renders its share of the cards into the cache. */
import { parentPort, workerData } from 'node:worker_threads';
import { renderCardJob, type CardJob } from './share-cards.ts';

parentPort?.postMessage(await renderCardJob(workerData as CardJob));
