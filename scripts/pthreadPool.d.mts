export const PTHREAD_POOL_GLOBAL: string;
export const PTHREAD_POOL_SOURCE: string;
export function patchPthreadPool(code: string): string | null;
export function pthreadPoolPlugin(): {
  name: string;
  enforce: 'pre';
  transform(code: string, id: string): { code: string; map: null } | null;
};
