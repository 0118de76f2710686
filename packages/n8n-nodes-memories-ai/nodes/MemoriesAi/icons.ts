/**
 * n8n resolves a node's `file:` icons relative to its entry file (MemoriesAi.node.ts,
 * MemoriesAiTrigger.node.ts), for every version: the entry files' base descriptions name these
 * values and every version spreads them; the files sit beside the entry files.
 */
export const memoriesAiIcon = {
	light: 'file:memoriesAi.svg',
	dark: 'file:memoriesAi.dark.svg',
} as const;

export const memoriesAiTriggerIcon = {
	light: 'file:memoriesAiTrigger.svg',
	dark: 'file:memoriesAiTrigger.dark.svg',
} as const;
