/**
 * Parses a story's JSON off the main thread and answers with its parts (story-parts.ts). Only
 * long stories come here (content/validate.ts); a worker costs more than it saves on a short one.
 */
import { storyPartsReply } from './story-parts';

/** The worker's global scope, in the terms the app's DOM typings allow. */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ArrayBuffer>) => void) | null;
  postMessage: (message: unknown, transfer: Transferable[]) => void;
};

scope.onmessage = (event) => {
  const reply = storyPartsReply(event.data);
  scope.postMessage(reply, reply.ok ? reply.parts.transfer : []);
};
