export interface ShareData {
  url: string;
  title: string;
  text?: string;
}

export type ShareOutcome = 'shared' | 'copied' | 'cancelled' | 'manual';

/**
 * Shares a link the best way the browser allows: the system share sheet where there is one
 * (phones), else the clipboard, else `manual` (the caller shows the link to copy by hand).
 */
export async function shareLink(data: ShareData): Promise<ShareOutcome> {
  if (typeof navigator.share === 'function') {
    try {
      await navigator.share(data);
      return 'shared';
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
      // Any other refusal (no user activation, unsupported data): fall through to the clipboard.
    }
  }
  try {
    await navigator.clipboard.writeText(data.url);
    return 'copied';
  } catch {
    return 'manual';
  }
}
