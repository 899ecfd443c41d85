/** Serves `dir` on 127.0.0.1 (port 0: a free one); `url` ends with '/'. */
export function serveStatic(o: { dir: string; port?: number }): Promise<{ url: string; close: () => Promise<void> }>;
