/** A worker thread of the prerender step: renders and writes its share of the pages. */
import { parentPort, workerData } from 'node:worker_threads';
import { renderJobs, serveContentFromDist, type WorkerJob } from './prerender.ts';

const { distDir, template, jobs } = workerData as WorkerJob;
serveContentFromDist(distDir);
parentPort?.postMessage(await renderJobs(distDir, template, jobs));
