/**
 * n8n resolves a node's `file:` icons relative to its entry file (HeyGen.node.ts), for every version:
 * its base description names this value and every version spreads it; the files sit beside it.
 */
export const heyGenIcon = { light: 'file:heyGen.svg', dark: 'file:heyGen.dark.svg' } as const;
