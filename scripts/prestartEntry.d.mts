import type { Plugin } from 'vite';
export function prestartEntryPlugin(): Plugin;
